SELECT MIN([workloadCode]) AS [workloadCode], MIN([channel]) AS [channel], COALESCE(SUM([licensesActive]), 0) AS [licensesActive], COALESCE(SUM([licensesQualified]), 0) AS [licensesQualified]
FROM [license_usage]
WHERE (TRANSLATE([workloadCode] COLLATE Latin1_General_100_BIN2_UTF8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') + N'.' = @p1 + N'.' OR TRANSLATE([channel] COLLATE Latin1_General_100_BIN2_UTF8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') + N'.' = @p2 + N'.') AND [processedDateTime] = (SELECT MAX([processedDateTime]) FROM [license_usage])
GROUP BY CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), [workloadCode] COLLATE Latin1_General_100_BIN2_UTF8)), DATALENGTH([workloadCode]), CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), [channel] COLLATE Latin1_General_100_BIN2_UTF8)), DATALENGTH([channel])
ORDER BY CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), [workloadCode] COLLATE Latin1_General_100_BIN2_UTF8)), DATALENGTH([workloadCode]), CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), [channel] COLLATE Latin1_General_100_BIN2_UTF8)), DATALENGTH([channel])
OFFSET 0 ROWS FETCH NEXT 10000 ROWS ONLY
-- values: ["sfb","reseller"]
