SELECT MIN([customer_name]) AS [name], [active] AS [active], COALESCE(SUM([licenses]), 0) AS [licenses]
FROM [open]
WHERE ([customer_name] COLLATE Latin1_General_100_BIN2_UTF8 + N'.' <> @p1 + N'.' OR [customer_name] IS NULL) AND (TRANSLATE([code] COLLATE Latin1_General_100_BIN2_UTF8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') + N'.' = @p2 + N'.' OR [seats] IS NOT NULL AND [seats] NOT IN (@p3)) AND (TRANSLATE([orderId] COLLATE Latin1_General_100_BIN2_UTF8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') + N'.' IN (@p4 + N'.') OR [orderId] IS NULL) AND ([day] IS NULL OR [day] COLLATE Latin1_General_100_BIN2_UTF8 + N'.' NOT IN (@p5 + N'.', @p6 + N'.')) OR [active] = @p7 AND [customer_name] IS NULL
GROUP BY CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), [customer_name] COLLATE Latin1_General_100_BIN2_UTF8)), DATALENGTH([customer_name]), [active]
ORDER BY CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), [customer_name] COLLATE Latin1_General_100_BIN2_UTF8)), DATALENGTH([customer_name]), [active]
OFFSET 0 ROWS FETCH NEXT 10000 ROWS ONLY
-- values: ["a","b",1,"0112a436-b14e-4888-967b-ca4bb2cf1234","2024-01-01T00:00:00.000Z","2024-01-02T08:00:00.000Z",true]
