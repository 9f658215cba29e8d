INSERT INTO "license_usage" ("workloadCode", "workloadName", "serviceCode", "serviceName", "channel", "customerTenantId", "customerName", "productId", "productName", "licensesActive", "licensesQualified", "processedDateTime")
VALUES
($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12),
($13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
-- values: ["SFB",null,null,null,"Reseller","0112A436-B14E-4888-967B-CA4BB2CF1234",null,null,null,3,null,"2024-01-31T00:00:00.000Z",null,null,null,null,null,null,null,null,null,null,null,null]
