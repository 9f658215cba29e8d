SELECT COUNT(*) AS "totalCount" FROM (
  SELECT 1 AS "group"
  FROM "license_usage"
  WHERE (lower("workloadCode" COLLATE "C") = $1 OR lower("channel" COLLATE "C") = $2) AND "processedDateTime" = (SELECT MAX("processedDateTime") FROM "license_usage")
  GROUP BY "workloadCode", "channel"
) AS "groups"
-- values: ["sfb","reseller"]
