SELECT "workloadCode" AS "workloadCode", "workloadName" AS "workloadName", "serviceCode" AS "serviceCode", "serviceName" AS "serviceName", "channel" AS "channel", "customerTenantId" AS "customerTenantId", "customerName" AS "customerName", "productId" AS "productId", "productName" AS "productName", "licensesActive" AS "licensesActive", "licensesQualified" AS "licensesQualified", "processedDateTime" AS "processedDateTime"
FROM "license_usage"
WHERE (lower("workloadCode" COLLATE "C") = $1 OR lower("channel" COLLATE "C") = $2) AND "processedDateTime" = (SELECT MAX("processedDateTime") FROM "license_usage")
ORDER BY "workloadCode" COLLATE "C" NULLS FIRST, "workloadName" COLLATE "C" NULLS FIRST, "serviceCode" COLLATE "C" NULLS FIRST, "serviceName" COLLATE "C" NULLS FIRST, "channel" COLLATE "C" NULLS FIRST, "customerTenantId" COLLATE "C" NULLS FIRST, "customerName" COLLATE "C" NULLS FIRST, "productId" COLLATE "C" NULLS FIRST, "productName" COLLATE "C" NULLS FIRST, "licensesActive" NULLS FIRST, "licensesQualified" NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: ["sfb","reseller"]
