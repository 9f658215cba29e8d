SELECT "license_usage"."workloadCode" AS "workloadCode", "license_usage"."channel" AS "channel", COALESCE(SUM("license_usage"."licensesActive"), 0) AS "licensesActive", COALESCE(SUM("license_usage"."licensesQualified"), 0) AS "licensesQualified"
FROM "license_usage"
WHERE (lower("license_usage"."workloadCode") = {p1:String} OR lower("license_usage"."channel") = {p2:String}) AND "license_usage"."processedDateTime" = {p3:String}
GROUP BY "license_usage"."workloadCode", "license_usage"."channel"
ORDER BY "license_usage"."workloadCode" NULLS FIRST, "license_usage"."channel" NULLS FIRST
LIMIT 100 OFFSET 200
-- values: ["sfb","reseller","2024-01-31T00:00:00.000Z"]
