CREATE TABLE [license_usage] (
  [workloadCode] NVARCHAR(4000) COLLATE Latin1_General_100_BIN2_UTF8,
  [workloadName] NVARCHAR(4000) COLLATE Latin1_General_100_BIN2_UTF8,
  [serviceCode] NVARCHAR(4000) COLLATE Latin1_General_100_BIN2_UTF8,
  [serviceName] NVARCHAR(4000) COLLATE Latin1_General_100_BIN2_UTF8,
  [channel] NVARCHAR(4000) COLLATE Latin1_General_100_BIN2_UTF8,
  [customerTenantId] NVARCHAR(4000) COLLATE Latin1_General_100_BIN2_UTF8,
  [customerName] NVARCHAR(4000) COLLATE Latin1_General_100_BIN2_UTF8,
  [productId] NVARCHAR(4000) COLLATE Latin1_General_100_BIN2_UTF8,
  [productName] NVARCHAR(4000) COLLATE Latin1_General_100_BIN2_UTF8,
  [licensesActive] FLOAT,
  [licensesQualified] FLOAT,
  [processedDateTime] NVARCHAR(4000) COLLATE Latin1_General_100_BIN2_UTF8
)
