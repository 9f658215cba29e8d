SELECT "workloadCode" AS "workloadCode", "workloadName" AS "workloadName", "serviceCode" AS "serviceCode", "serviceName" AS "serviceName", "channel" AS "channel", "customerTenantId" AS "customerTenantId", "customerName" AS "customerName", "productId" AS "productId", "productName" AS "productName", "licensesActive" AS "licensesActive", "licensesQualified" AS "licensesQualified", "processedDateTime" AS "processedDateTime"
FROM "license_usage"
WHERE (lower("workloadCode") = ? OR lower("channel") = ?) AND "processedDateTime" = (SELECT MAX("processedDateTime") FROM "license_usage")
ORDER BY "workloadCode", "workloadName", "serviceCode", "serviceName", "channel", "customerTenantId", "customerName", "productId", "productName", "licensesActive", "licensesQualified"
LIMIT 10000 OFFSET 0
-- values: ["sfb","reseller"]
