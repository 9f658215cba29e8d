CREATE TABLE "license_usage" (
  "workloadCode" Nullable(String),
  "workloadName" Nullable(String),
  "serviceCode" Nullable(String),
  "serviceName" Nullable(String),
  "channel" Nullable(String),
  "customerTenantId" Nullable(String),
  "customerName" Nullable(String),
  "productId" Nullable(String),
  "productName" Nullable(String),
  "licensesActive" Nullable(Float64),
  "licensesQualified" Nullable(Float64),
  "processedDateTime" Nullable(String)
)
ENGINE = MergeTree ORDER BY tuple()
