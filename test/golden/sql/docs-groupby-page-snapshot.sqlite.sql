SELECT "workloadCode" AS "workloadCode", "channel" AS "channel", COALESCE(SUM("licensesActive"), 0) AS "licensesActive", COALESCE(SUM("licensesQualified"), 0) AS "licensesQualified"
FROM "license_usage"
WHERE (lower("workloadCode") = ? OR lower("channel") = ?) AND "processedDateTime" = ?
GROUP BY "workloadCode", "channel"
ORDER BY "workloadCode", "channel"
LIMIT 100 OFFSET 200
-- values: ["sfb","reseller","2024-01-31T00:00:00.000Z"]
