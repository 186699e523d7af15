-- Helpers for the demo seeder, created in pg_temp so that they vanish with the session and never
-- become part of the application schema. Every value is a pure function of a row's key such as
-- 'acme-id:contacts:42': no random(), no now(), so the same tenant and size give the same bytes in
-- any database. A row's key is hashed once (its root, `r`); each field then draws from
-- x(r, salt), an integer hash that costs a fraction of hashing text again. Simple SQL functions
-- like these are inlined by the planner, which keeps a million-row INSERT ... SELECT fast; an
-- integer concatenated to text (textanycat, only STABLE) would stop that, hence the ::text casts.
-- The scripts compute r in a LATERAL subquery with OFFSET 0, which stops the planner from
-- pasting the hash expression into every use of r (it would hash the text again each time and,
-- finding the argument expensive, refuse to inline the functions that use it).

-- The root hash of a row's key.
create or replace function pg_temp.h(k text) returns bigint
  language sql immutable as $$ select hashtextextended(k, 0) & 9223372036854775807 $$;

-- A non-negative hash of the root for one field (salt).
create or replace function pg_temp.x(r bigint, salt integer) returns bigint
  language sql immutable as $$ select hashint8extended(r, salt) & 9223372036854775807 $$;

-- A number from 1 to n.
create or replace function pg_temp.pick(r bigint, salt integer, n integer) returns integer
  language sql immutable as $$ select (1 + pg_temp.x(r, salt) % n)::integer $$;

-- Decimal digits, zero-padded to the given width (at most 18).
create or replace function pg_temp.digits(r bigint, salt integer, width integer) returns text
  language sql immutable as $$
  select lpad((pg_temp.x(r, salt) % ('{10,100,1000,10000,100000,1000000,10000000,100000000,
           1000000000,10000000000,100000000000,1000000000000,10000000000000,100000000000000,
           1000000000000000,10000000000000000,100000000000000000,1000000000000000000}'::bigint[])
           [width])::text, width, '0') $$;

-- One element of the array.
create or replace function pg_temp.one_of(r bigint, salt integer, a text[]) returns text
  language sql immutable as $$ select a[pg_temp.pick(r, salt, cardinality(a))] $$;

-- The id of row `no` of table `tbl` of tenant `t`; other tables reference rows the same way.
create or replace function pg_temp.uid(t text, tbl text, no integer) returns uuid
  language sql immutable as $$ select md5(t || ':' || tbl || ':' || no::text)::uuid $$;

-- The root of row `no` of table `tbl`, for rows that copy another row's values.
create or replace function pg_temp.root(t text, tbl text, no integer) returns bigint
  language sql immutable as $$ select pg_temp.h(t || ':' || tbl || ':' || no::text) $$;

-- Seconds since 2023-01-01 00:00 UTC within the two demo years, and the instant they name
-- (to_timestamp does not depend on the session's time zone).
create or replace function pg_temp.secs(r bigint, salt integer) returns bigint
  language sql immutable as $$ select pg_temp.x(r, salt) % 63072000 $$;

create or replace function pg_temp.at(secs bigint) returns timestamptz
  language sql immutable as $$ select to_timestamp(1672531200 + secs) $$;

-- When row g of n was created: rows are spread over the two demo years in the order they are
-- numbered, as an application appends them, which also keeps (tenant_id, created_at) index
-- inserts at the right edge of the index instead of all over it.
create or replace function pg_temp.created(g integer, n integer, r bigint) returns timestamptz
  language sql immutable
  as $$ select pg_temp.at((g - 1)::bigint * 63072000 / n + pg_temp.x(r, 0) % (63072000 / n + 1)) $$;

-- The user row that owns row g (root r) of a table: named people own the first rows of every
-- table, so each of them (the agency user too) has authored something everywhere.
create or replace function pg_temp.owner_no(r bigint, g integer, named integer, users integer)
  returns integer language sql immutable
  as $$ select case when g <= named then g else pg_temp.pick(r, 99, users) end $$;

-- Appends the Luhn check digit, so that card numbers look real to anyone validating them.
create or replace function pg_temp.luhn(payload text) returns text
  language sql immutable as $$
  select payload || ((10 - sum(case when i % 2 = 1 then d * 2 - case when d > 4 then 9 else 0 end
                                    else d end) % 10) % 10)::text
  from (select i, substr(reverse(payload), i, 1)::integer as d
        from generate_series(1, length(payload)) as i) as x
$$;

-- Names and places by the tenant's market ('id', 'sg' or 'eu'); r is the field's own hash.
create or replace function pg_temp.first_name(market text, r bigint) returns text
  language sql immutable as $$
  select pg_temp.one_of(r, 1, case market
    when 'id' then array['Budi', 'Siti', 'Agus', 'Dewi', 'Rizky', 'Putri', 'Andi', 'Rina', 'Hendra',
                         'Wulan', 'Bayu', 'Ayu', 'Fajar', 'Indah', 'Yusuf', 'Sri', 'Dimas', 'Nurul',
                         'Eko', 'Lestari', 'Made', 'Ketut', 'Arif', 'Mega']
    when 'sg' then array['Wei Ling', 'Jun Jie', 'Hui Min', 'Kai Xiang', 'Mei Ling', 'Siti', 'Muhammad',
                         'Nur Aisyah', 'Priya', 'Arjun', 'Rajesh', 'Li Na', 'Zhi Hao', 'Farah']
    else array['Anna', 'Lukas', 'Sofia', 'Jonas', 'Emma', 'Mateo', 'Julia', 'Lars', 'Elena', 'Pierre',
               'Marta', 'Jan', 'Ingrid', 'Noah', 'Chiara', 'Felix']
  end) $$;

create or replace function pg_temp.last_name(market text, r bigint) returns text
  language sql immutable as $$
  select pg_temp.one_of(r, 2, case market
    when 'id' then array['Santoso', 'Wijaya', 'Pratama', 'Lestari', 'Saputra', 'Hidayat', 'Nugroho',
                         'Kusuma', 'Setiawan', 'Rahayu', 'Siregar', 'Simanjuntak', 'Harahap', 'Wibowo',
                         'Susanto', 'Halim', 'Gunawan', 'Permana', 'Utami', 'Hakim']
    when 'sg' then array['Tan', 'Lim', 'Lee', 'Ng', 'Wong', 'Goh', 'Chua', 'Koh', 'Abdullah', 'Rahman',
                         'Ismail', 'Pillai', 'Nair', 'Singh', 'Menon']
    else array['Müller', 'Schmidt', 'Hansen', 'Rossi', 'Dubois', 'García', 'Nowak', 'Jansen',
               'Andersen', 'Weber', 'Fischer', 'Novak', 'Berg', 'Lindqvist', 'Moreau', 'Bianchi']
  end) $$;

-- A person's full name and e-mail local part (lower case, ASCII, dots for spaces); only European
-- names carry diacritics, and translate() is slow, so only they pay for it.
create or replace function pg_temp.full_name(market text, r bigint) returns text
  language sql immutable
  as $$ select pg_temp.first_name(market, r) || ' ' || pg_temp.last_name(market, r) $$;

create or replace function pg_temp.mailbox(market text, r bigint) returns text
  language sql immutable as $$
  select case market
    when 'eu' then translate(lower(pg_temp.full_name(market, r)), ' äöüéèáíóúñçøåł', '.aoueeaiouncoal')
    else replace(lower(pg_temp.full_name(market, r)), ' ', '.')
  end $$;

create or replace function pg_temp.city(market text, r bigint) returns text
  language sql immutable as $$
  select pg_temp.one_of(r, 3, case market
    when 'id' then array['Jakarta Selatan', 'Jakarta Pusat', 'Jakarta Barat', 'Tangerang', 'Bekasi',
                         'Depok', 'Bandung', 'Surabaya', 'Semarang', 'Yogyakarta', 'Medan',
                         'Denpasar', 'Makassar', 'Malang', 'Balikpapan']
    when 'sg' then array['Singapore']
    else array['Frankfurt am Main', 'Berlin', 'München', 'Hamburg', 'Köln', 'Wien', 'Amsterdam',
               'Kopenhagen', 'Stockholm', 'Oslo']
  end) $$;

create or replace function pg_temp.address(market text, r bigint) returns text
  language sql immutable as $$
  select case market
    when 'id' then 'Jl. ' || pg_temp.one_of(r, 4, array['Jend. Sudirman', 'M.H. Thamrin',
                     'Gatot Subroto', 'Diponegoro', 'Merdeka', 'Pemuda', 'Ahmad Yani', 'Gajah Mada',
                     'Asia Afrika', 'Kebon Jeruk Raya', 'Raya Bogor', 'Pahlawan', 'Veteran'])
                   || ' No. ' || pg_temp.pick(r, 5, 250)::text
                   || ', RT ' || pg_temp.digits(r, 6, 3) || '/RW ' || pg_temp.digits(r, 7, 3)
    when 'sg' then 'Blk ' || pg_temp.pick(r, 5, 900)::text || ' ' || pg_temp.one_of(r, 4,
                     array['Tampines Avenue 3', 'Ang Mo Kio Avenue 6', 'Jurong West Street 41',
                           'Toa Payoh Lorong 1', 'Clementi Avenue 2', 'Bedok North Road',
                           'Orchard Road', 'Serangoon Road'])
                   || ' #' || pg_temp.digits(r, 6, 2) || '-' || pg_temp.digits(r, 7, 3)
                   || ', Singapore ' || pg_temp.digits(r, 8, 6)
    else pg_temp.one_of(r, 4, array['Hauptstraße', 'Bahnhofstraße', 'Goethestraße', 'Kaiserstraße',
           'Lindenallee', 'Keizersgracht', 'Nørregade', 'Drottninggatan'])
         || ' ' || pg_temp.pick(r, 5, 180)::text || ', ' || pg_temp.digits(r, 8, 5)
  end $$;

create or replace function pg_temp.phone(market text, r bigint) returns text
  language sql immutable as $$
  select case market
    when 'id' then '+62 8' || pg_temp.one_of(r, 1, array['11', '12', '13', '21', '22', '52', '55',
                     '56', '57', '58', '77', '78', '81', '95', '96'])
                   || '-' || pg_temp.digits(r, 2, 4) || '-' || pg_temp.digits(r, 3, 4)
    when 'sg' then '+65 ' || pg_temp.one_of(r, 1, array['8', '9']) || pg_temp.digits(r, 2, 3)
                   || ' ' || pg_temp.digits(r, 3, 4)
    else '+49 1' || pg_temp.one_of(r, 1, array['51', '52', '57', '60', '70', '76'])
         || ' ' || pg_temp.digits(r, 2, 8)
  end $$;

-- A birth date between 1960 and 2003.
create or replace function pg_temp.born(r bigint) returns date
  language sql immutable as $$ select date '1960-01-01' + (pg_temp.x(r, 9) % 16000)::integer $$;

-- A 16-digit NIK: region code, district, birth date (day + 40 for women), serial. r is the
-- field's hash, person the root whose born() it encodes (a plain column, so this still inlines).
create or replace function pg_temp.nik(r bigint, person bigint) returns text
  language sql immutable as $$
  select pg_temp.one_of(r, 1, array['3171', '3172', '3173', '3174', '3175', '3671', '3275', '3273',
           '3578', '3374', '3471', '1271', '5171', '7371'])
         || pg_temp.digits(r, 2, 2)
         || lpad((extract(day from pg_temp.born(person))::integer
                  + 40 * (pg_temp.x(r, 3) % 2)::integer)::text, 2, '0')
         || lpad(extract(month from pg_temp.born(person))::text, 2, '0')
         || lpad((extract(year from pg_temp.born(person))::integer % 100)::text, 2, '0')
         || lpad(pg_temp.pick(r, 4, 9999)::text, 4, '0') $$;

-- An NPWP in its 15-digit dotted form, e.g. 01.234.567.8-901.000.
create or replace function pg_temp.npwp(r bigint) returns text
  language sql immutable as $$
  select pg_temp.digits(r, 1, 2) || '.' || pg_temp.digits(r, 2, 3) || '.' || pg_temp.digits(r, 3, 3)
         || '.' || pg_temp.digits(r, 4, 1) || '-' || pg_temp.digits(r, 5, 3) || '.000' $$;

create or replace function pg_temp.ip(market text, r bigint) returns inet
  language sql immutable as $$
  select (pg_temp.one_of(r, 1, case market
    when 'id' then array['36.68', '36.72', '39.192', '103.28', '110.136', '114.124', '180.244', '182.253']
    when 'sg' then array['116.86', '118.189', '121.6', '175.156', '203.116']
    else array['5.61', '31.16', '46.114', '78.46', '84.132', '91.64', '188.174']
  end) || '.' || pg_temp.pick(r, 2, 254)::text || '.' || pg_temp.pick(r, 3, 254)::text)::inet $$;

create or replace function pg_temp.user_agent(r bigint) returns text
  language sql immutable as $$
  select pg_temp.one_of(r, 1, array[
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    'CRMApp/3.12.0 (Android 13; Redmi Note 12)'
  ]) $$;
