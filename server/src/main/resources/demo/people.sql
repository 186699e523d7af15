-- Users, teams and team memberships of one tenant. The session holds one row in the temp table
-- `seed` (tenant, market, e-mail domain, sizes) and the named people in `seed_people`; user rows
-- 1..named are the named people, the rest are generated. In every script, r is the row's root
-- hash and x(r, n) the hash of its field n (see functions.sql).

insert into app.users (id, tenant_id, email, full_name, phone, nik, date_of_birth, address, city,
                       locale, password_hash, created_at)
select pg_temp.uid(s.tenant, 'users', g), s.tenant,
       coalesce(p.email, pg_temp.mailbox(s.market, pg_temp.x(r, 1)) || '.' || g::text || '@' || s.domain),
       coalesce(p.full_name, pg_temp.full_name(s.market, pg_temp.x(r, 1))),
       pg_temp.phone(s.market, pg_temp.x(r, 2)),
       case when s.market = 'id' then pg_temp.nik(pg_temp.x(r, 3), r) end,
       pg_temp.born(r),
       pg_temp.address(s.market, pg_temp.x(r, 4)),
       pg_temp.city(s.market, pg_temp.x(r, 4)),
       case s.market when 'id' then 'id-ID' when 'sg' then 'en-SG' else 'de-DE' end,
       -- A bcrypt-shaped hash: the app stores credentials, Jaga must never export them.
       '$2a$10$' || substr(translate(encode(sha256(convert_to(s.tenant || ':users:' || g::text, 'UTF8'))
                                            || sha256(int8send(r)), 'base64'), E'+=\n', '.'), 1, 53),
       pg_temp.at(pg_temp.secs(r, 5) / 4)
from seed s
cross join generate_series(1, s.users) as g
cross join lateral (select pg_temp.root(s.tenant, 'users', g) as r offset 0) as k
left join seed_people p on p.no = g;

insert into app.teams (id, tenant_id, name, created_at)
select pg_temp.uid(s.tenant, 'teams', g), s.tenant,
       pg_temp.one_of(r, 1, case s.market
         when 'id' then array['Penjualan', 'Pemasaran', 'Keuangan', 'Layanan Pelanggan', 'Operasional',
                              'Kemitraan']
         else array['Sales', 'Marketing', 'Finance', 'Customer Success', 'Operations', 'Partnerships']
       end) || ' ' || g::text,
       pg_temp.at(pg_temp.secs(r, 2) / 8)
from seed s
cross join generate_series(1, s.teams) as g
cross join lateral (select pg_temp.root(s.tenant, 'teams', g) as r offset 0) as k;

-- Every user is in one team; every third user also leads another one.
insert into app.team_memberships (id, tenant_id, team_id, user_id, role, created_at)
select pg_temp.uid(s.tenant, 'team_memberships', g * 2 + slot), s.tenant,
       pg_temp.uid(s.tenant, 'teams', case slot when 0 then team else team % s.teams + 1 end),
       pg_temp.uid(s.tenant, 'users', g),
       case slot when 0 then 'member' else 'lead' end,
       pg_temp.at(pg_temp.secs(r, 2 + slot) / 4)
from seed s
cross join generate_series(1, s.users) as g
cross join lateral (select pg_temp.root(s.tenant, 'team_memberships', g) as r offset 0) as k
cross join lateral (select pg_temp.pick(r, 1, s.teams) as team) as t
cross join generate_series(0, 1) as slot
where slot = 0 or (g % 3 = 0 and s.teams > 1);
