SELECT "license_usage"."workloadCode" AS "workloadCode", "license_usage"."channel" AS "channel", COALESCE(SUM("license_usage"."licensesActive"), 0) AS "licensesActive", COALESCE(SUM("license_usage"."licensesQualified"), 0) AS "licensesQualified"
FROM "license_usage"
WHERE (lower("license_usage"."workloadCode") = {p1:String} OR lower("license_usage"."channel") = {p2:String}) AND "license_usage"."processedDateTime" = (SELECT MAX("license_usage"."processedDateTime") FROM "license_usage")
GROUP BY "license_usage"."workloadCode", "license_usage"."channel"
ORDER BY "license_usage"."workloadCode" NULLS FIRST, "license_usage"."channel" NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: ["sfb","reseller"]
