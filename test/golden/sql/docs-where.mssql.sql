(TRANSLATE([workloadCode] COLLATE Latin1_General_100_BIN2_UTF8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') + N'.' = @p1 + N'.' OR TRANSLATE([channel] COLLATE Latin1_General_100_BIN2_UTF8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') + N'.' = @p2 + N'.')
-- values: ["sfb","reseller"]
