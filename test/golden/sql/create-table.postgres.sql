CREATE TABLE "license_usage" (
  "workloadCode" text,
  "workloadName" text,
  "serviceCode" text,
  "serviceName" text,
  "channel" text,
  "customerTenantId" text,
  "customerName" text,
  "productId" text,
  "productName" text,
  "licensesActive" double precision,
  "licensesQualified" double precision,
  "processedDateTime" text
)
