SELECT "customer_name" AS "name", "active" AS "active", COALESCE(SUM("licenses"), 0) AS "licenses"
FROM "open"
WHERE "customer_name" IS DISTINCT FROM $1 AND (translate("code", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = $2 OR "seats" IS NOT NULL AND "seats" NOT IN ($3)) AND (translate("orderId", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') IN ($4) OR "orderId" IS NULL) AND ("day" IS NULL OR "day" NOT IN ($5, $6)) OR "active" = $7 AND "customer_name" IS NULL
GROUP BY "customer_name", "active"
ORDER BY "customer_name" NULLS FIRST, "active" NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: ["a","b",1,"0112a436-b14e-4888-967b-ca4bb2cf1234","2024-01-01T00:00:00.000Z","2024-01-02T08:00:00.000Z",true]
