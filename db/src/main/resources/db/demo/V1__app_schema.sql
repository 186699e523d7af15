create table app.placeholder_until_demo_schema (tenant_id text not null);
