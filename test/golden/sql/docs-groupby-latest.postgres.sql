SELECT "workloadCode" AS "workloadCode", "channel" AS "channel", COALESCE(SUM("licensesActive"), 0) AS "licensesActive", COALESCE(SUM("licensesQualified"), 0) AS "licensesQualified"
FROM "license_usage"
WHERE (lower("workloadCode" COLLATE "C") = $1 OR lower("channel" COLLATE "C") = $2) AND "processedDateTime" = (SELECT MAX("processedDateTime") FROM "license_usage")
GROUP BY "workloadCode", "channel"
ORDER BY "workloadCode" COLLATE "C" NULLS FIRST, "channel" COLLATE "C" NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: ["sfb","reseller"]
