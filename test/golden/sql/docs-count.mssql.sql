SELECT COUNT(*) AS [totalCount] FROM (
  SELECT 1 AS [group]
  FROM [license_usage]
  WHERE (TRANSLATE([workloadCode] COLLATE Latin1_General_100_BIN2_UTF8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') + N'.' = @p1 + N'.' OR TRANSLATE([channel] COLLATE Latin1_General_100_BIN2_UTF8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') + N'.' = @p2 + N'.') AND [processedDateTime] = (SELECT MAX([processedDateTime]) FROM [license_usage])
  GROUP BY CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), [workloadCode] COLLATE Latin1_General_100_BIN2_UTF8)), DATALENGTH([workloadCode]), CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), [channel] COLLATE Latin1_General_100_BIN2_UTF8)), DATALENGTH([channel])
) AS [groups]
-- values: ["sfb","reseller"]
