CREATE TABLE "license_usage" (
  "workloadCode" VARCHAR,
  "workloadName" VARCHAR,
  "serviceCode" VARCHAR,
  "serviceName" VARCHAR,
  "channel" VARCHAR,
  "customerTenantId" VARCHAR,
  "customerName" VARCHAR,
  "productId" VARCHAR,
  "productName" VARCHAR,
  "licensesActive" DOUBLE,
  "licensesQualified" DOUBLE,
  "processedDateTime" VARCHAR
)
