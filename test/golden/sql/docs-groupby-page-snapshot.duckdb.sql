SELECT "workloadCode" AS "workloadCode", "channel" AS "channel", COALESCE(SUM("licensesActive"), 0) AS "licensesActive", COALESCE(SUM("licensesQualified"), 0) AS "licensesQualified"
FROM "license_usage"
WHERE (translate("workloadCode", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = $1 OR translate("channel", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = $2) AND "processedDateTime" = $3
GROUP BY "workloadCode", "channel"
ORDER BY "workloadCode" NULLS FIRST, "channel" NULLS FIRST
LIMIT 100 OFFSET 200
-- values: ["sfb","reseller","2024-01-31T00:00:00.000Z"]
