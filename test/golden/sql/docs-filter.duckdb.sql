SELECT "workloadCode" AS "workloadCode", "workloadName" AS "workloadName", "serviceCode" AS "serviceCode", "serviceName" AS "serviceName", "channel" AS "channel", "customerTenantId" AS "customerTenantId", "customerName" AS "customerName", "productId" AS "productId", "productName" AS "productName", "licensesActive" AS "licensesActive", "licensesQualified" AS "licensesQualified", "processedDateTime" AS "processedDateTime"
FROM "license_usage"
WHERE (translate("workloadCode", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = $1 OR translate("channel", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = $2) AND "processedDateTime" = (SELECT MAX("processedDateTime") FROM "license_usage")
ORDER BY "workloadCode" NULLS FIRST, "workloadName" NULLS FIRST, "serviceCode" NULLS FIRST, "serviceName" NULLS FIRST, "channel" NULLS FIRST, "customerTenantId" NULLS FIRST, "customerName" NULLS FIRST, "productId" NULLS FIRST, "productName" NULLS FIRST, "licensesActive" NULLS FIRST, "licensesQualified" NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: ["sfb","reseller"]
