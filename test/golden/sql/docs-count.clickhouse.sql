SELECT COUNT(*) AS "totalCount" FROM (
  SELECT 1 AS "group"
  FROM "license_usage"
  WHERE (lower("license_usage"."workloadCode") = {p1:String} OR lower("license_usage"."channel") = {p2:String}) AND "license_usage"."processedDateTime" = (SELECT MAX("license_usage"."processedDateTime") FROM "license_usage")
  GROUP BY "license_usage"."workloadCode", "license_usage"."channel"
) AS "groups"
-- values: ["sfb","reseller"]
