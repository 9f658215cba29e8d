SELECT COUNT(*) AS "totalCount" FROM (
  SELECT 1 AS "group"
  FROM "license_usage"
  WHERE (lower("workloadCode") = ? OR lower("channel") = ?) AND "processedDateTime" = (SELECT MAX("processedDateTime") FROM "license_usage")
  GROUP BY "workloadCode", "channel"
) AS "groups"
-- values: ["sfb","reseller"]
