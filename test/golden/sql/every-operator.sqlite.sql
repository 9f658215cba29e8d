SELECT "customer_name" AS "name", "active" AS "active", COALESCE(SUM("licenses"), 0) AS "licenses"
FROM "open"
WHERE "customer_name" IS NOT ? AND (lower("code") = ? OR "seats" IS NOT NULL AND "seats" NOT IN (?)) AND (lower("orderId") IN (?) OR "orderId" IS NULL) AND ("day" IS NULL OR "day" NOT IN (?, ?)) OR "active" = ? AND "customer_name" IS NULL
GROUP BY "customer_name", "active"
ORDER BY "customer_name", "active"
LIMIT 10000 OFFSET 0
-- values: ["a","b",1,"0112a436-b14e-4888-967b-ca4bb2cf1234","2024-01-01T00:00:00.000Z","2024-01-02T08:00:00.000Z",1]
