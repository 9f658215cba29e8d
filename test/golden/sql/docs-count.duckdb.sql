SELECT COUNT(*) AS "totalCount" FROM (
  SELECT 1 AS "group"
  FROM "license_usage"
  WHERE (translate("workloadCode", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = $1 OR translate("channel", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = $2) AND "processedDateTime" = (SELECT MAX("processedDateTime") FROM "license_usage")
  GROUP BY "workloadCode", "channel"
) AS "groups"
-- values: ["sfb","reseller"]
