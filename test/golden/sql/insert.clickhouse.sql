INSERT INTO "license_usage" ("workloadCode", "workloadName", "serviceCode", "serviceName", "channel", "customerTenantId", "customerName", "productId", "productName", "licensesActive", "licensesQualified", "processedDateTime")
VALUES
({p1:String}, {p2:Nullable(Nothing)}, {p3:Nullable(Nothing)}, {p4:Nullable(Nothing)}, {p5:String}, {p6:String}, {p7:Nullable(Nothing)}, {p8:Nullable(Nothing)}, {p9:Nullable(Nothing)}, {p10:Float64}, {p11:Nullable(Nothing)}, {p12:String}),
({p13:Nullable(Nothing)}, {p14:Nullable(Nothing)}, {p15:Nullable(Nothing)}, {p16:Nullable(Nothing)}, {p17:Nullable(Nothing)}, {p18:Nullable(Nothing)}, {p19:Nullable(Nothing)}, {p20:Nullable(Nothing)}, {p21:Nullable(Nothing)}, {p22:Nullable(Nothing)}, {p23:Nullable(Nothing)}, {p24:Nullable(Nothing)})
-- values: ["SFB",null,null,null,"Reseller","0112A436-B14E-4888-967B-CA4BB2CF1234",null,null,null,"3",null,"2024-01-31T00:00:00.000Z",null,null,null,null,null,null,null,null,null,null,null,null]
