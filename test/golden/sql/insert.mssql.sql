INSERT INTO [license_usage] ([workloadCode], [workloadName], [serviceCode], [serviceName], [channel], [customerTenantId], [customerName], [productId], [productName], [licensesActive], [licensesQualified], [processedDateTime])
VALUES
(@p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12),
(@p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21, @p22, @p23, @p24)
-- values: ["SFB",null,null,null,"Reseller","0112A436-B14E-4888-967B-CA4BB2CF1234",null,null,null,3,null,"2024-01-31T00:00:00.000Z",null,null,null,null,null,null,null,null,null,null,null,null]
