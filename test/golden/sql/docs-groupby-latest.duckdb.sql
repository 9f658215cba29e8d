SELECT "workloadCode" AS "workloadCode", "channel" AS "channel", COALESCE(SUM("licensesActive"), 0) AS "licensesActive", COALESCE(SUM("licensesQualified"), 0) AS "licensesQualified"
FROM "license_usage"
WHERE (translate("workloadCode", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = $1 OR translate("channel", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = $2) AND "processedDateTime" = (SELECT MAX("processedDateTime") FROM "license_usage")
GROUP BY "workloadCode", "channel"
ORDER BY "workloadCode" NULLS FIRST, "channel" NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: ["sfb","reseller"]
