SELECT "workloadCode" AS "workloadCode", "channel" AS "channel", COALESCE(SUM("licensesActive"), 0) AS "licensesActive", COALESCE(SUM("licensesQualified"), 0) AS "licensesQualified"
FROM "license_usage"
WHERE (lower("workloadCode") = ? OR lower("channel") = ?) AND "processedDateTime" = (SELECT MAX("processedDateTime") FROM "license_usage")
GROUP BY "workloadCode", "channel"
ORDER BY "workloadCode", "channel"
LIMIT 10000 OFFSET 0
-- values: ["sfb","reseller"]
