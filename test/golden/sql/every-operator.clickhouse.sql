SELECT "open"."customer_name" AS "name", "open"."active" AS "active", COALESCE(SUM("open"."licenses"), 0) AS "licenses"
FROM "open"
WHERE "open"."customer_name" IS DISTINCT FROM {p1:String} AND (lower("open"."code") = {p2:String} OR "open"."seats" IS NOT NULL AND "open"."seats" NOT IN ({p3:Float64})) AND (lower("open"."orderId") IN ({p4:String}) OR "open"."orderId" IS NULL) AND ("open"."day" IS NULL OR "open"."day" NOT IN ({p5:String}, {p6:String})) OR "open"."active" = {p7:Bool} AND "open"."customer_name" IS NULL
GROUP BY "open"."customer_name", "open"."active"
ORDER BY "open"."customer_name" NULLS FIRST, "open"."active" NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: ["a","b","1","0112a436-b14e-4888-967b-ca4bb2cf1234","2024-01-01T00:00:00.000Z","2024-01-02T08:00:00.000Z",true]
