-- The application's own first migration: version 1, like abkit's.
create table app_orders (id bigint not null primary key, total decimal(10, 2) not null);
