--
-- PostgreSQL database dump
--

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.groups (
    id smallint,
    title text
);

COPY public.groups (id, title) FROM stdin;
1	Customers
2	Vendors
3	Moderators
4	Administrators
\.

CREATE TABLE public.members (
    id uuid,
    handle text,
    group_id smallint,
    email text,
    created_ms bigint,
    last_login_ms bigint
);

COPY public.members (id, handle, group_id, email, created_ms, last_login_ms) FROM stdin;
52f0d6ee-deb7-4050-a323-38a08840f7c6	magicpharm24	4	\N	1478623049000	1498769062000
2ab7ccdc-c8cd-454c-af16-15167406e240	dutchvibes28	1	\N	1458269064000	1482621585000
88639893-dfd9-4487-a3e2-728fc3daef22	shadowleaf53	1	\N	1475200005000	1495454450000
a467362d-ebad-484a-a90c-0937473748c0	rocketdealer76	3	rocketdealer76@mail2tor.com	1466987595000	1493994003000
d0e7ee04-0227-4938-a7f4-0621191bbedd	shadowshop21	1	shadowshop21@mail2tor.com	1469289016000	1494190931000
43fa92b2-0873-40ed-a1d6-6a90b7a54718	darklabs75	1	darklabs75@mail2tor.com	1455532240000	1495388561000
faf3413d-0dbb-4ae2-a3d1-c439b9a01441	magicx98	1	magicx98@mail2tor.com	1446288314000	1474335426000
55c9bf99-d517-4090-aa32-a09710cc1abc	candystore15	1	candystore15@mail2tor.com	1447567857000	1485325870000
0335e957-f68b-4763-ad4a-868f37a1a738	silkx70	1	\N	1471465788000	1495545118000
9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	frostfox43	2	frostfox43@mail2tor.com	1447528696000	1488450617000
60262aa2-cf7d-4fb7-a5a1-51bd9b793822	frostlabs78	1	frostlabs78@mail2tor.com	1456619681000	1487439019000
2fcdaf8a-aad9-4ee4-ac4b-bc8e231f90b9	hempleaf36	1	\N	1453147243000	1472939963000
9871538a-5432-4974-a090-b1d6eb1de940	shadowstore42	1	\N	1456221717000	1490697702000
4c74c91e-6d93-445a-a5c8-c75651475b09	greendealer10	1	\N	1453961152000	1494292259000
1068e531-c0be-48d9-a160-866e20522f02	kingstore78	1	kingstore78@mail2tor.com	1468353756000	1498060333000
b1948030-c407-4a6b-a91e-3528cb65a261	greenman87	1	greenman87@mail2tor.com	1446705417000	1489147465000
92e34283-a6ac-42ab-a909-cc985b57150e	drvibes43	1	drvibes43@mail2tor.com	1452150187000	1481967957000
4c2dc6ab-b59e-4776-a573-c24a058aea1d	rocketstore73	2	\N	1448622917000	1478117154000
b01e0eaf-a8c3-47e9-a9e8-a28a6844d11f	kingleaf76	1	\N	1474703619000	1493393946000
850c9bfa-c06b-478d-a22b-998801c84871	frostfox18	2	frostfox18@mail2tor.com	1451480178000	1477486606000
0e013514-bc0d-447b-ac6c-69f4ad87ef98	rocketx51	2	rocketx51@mail2tor.com	1458393034000	1492534167000
f9dd04d1-23bc-4530-abc1-29c7b8342c7b	silkman60	1	silkman60@mail2tor.com	1463270312000	1489292428000
bf77f4eb-4e4a-43bf-aceb-0ea95a0c455a	zenlabs89	1	\N	1464659625000	1487500535000
b1936253-e331-45a9-a10b-8e85b5068423	rocketvibes37	3	rocketvibes37@mail2tor.com	1445741592000	1489170231000
9311dcd4-231f-4563-ac68-8fc07dcbf7b9	moonx53	2	moonx53@mail2tor.com	1453341229000	1494562494000
36498eb2-32c0-4f81-a1fd-73d87ba51326	greenshop24	2	\N	1449883323000	1476057428000
\.

CREATE TABLE public.vendor_profiles (
    member_id uuid,
    pgp_key text,
    about text,
    jabber text
);

COPY public.vendor_profiles (member_id, pgp_key, about, jabber) FROM stdin;
52f0d6ee-deb7-4050-a323-38a08840f7c6	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nBzGYuia6IcYOqKj7jK4Q9nR9QvMp4vmQQvaoDy1hybLeKZFTdE7BnNFQtlWjNydC\n+jU4LyBo6/RxU6dkejD+T8Nglub2xw==\n=6ube\n-----END PGP PUBLIC KEY BLOCK-----	\N	\N
a467362d-ebad-484a-a90c-0937473748c0	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n0Map7Bpbner+2VIvNaCrTu2VMpAi8q9fpcmvZSjfJJWJtnMG+xAdTKkcVpNjgHuY\nnY+xjyzyCYtaUfKGpAL4bkaO7sFZrA==\n=izLm\n-----END PGP PUBLIC KEY BLOCK-----	\N	\N
43fa92b2-0873-40ed-a1d6-6a90b7a54718	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nroM/5UuEhTETmuArgBe4B+eu74t4SFJguihhWfqJyS1jrwpUY/vm6FT+cVvIuCmh\n82/2MELHjnGiNXcJQ+AUEE9qE4l0Ig==\n=lMDL\n-----END PGP PUBLIC KEY BLOCK-----	\N	\N
9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\ndo4AgATjqVl0oHOiP4llEBvYL1eGauUY9HrfK5QrB6HvBiyxoPPNmDjKNG+bey+z\njPfcRMDDZC2LzbcKM1WRE8EelvfJMA==\n=9S5a\n-----END PGP PUBLIC KEY BLOCK-----	frostfox43: quality since 2015, ship daily	frostfox43@jabber.ccc.de
60262aa2-cf7d-4fb7-a5a1-51bd9b793822	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\naBr4BXTiv0Y37aXAOTTsGN1It5Q0V094hFNSnvezLDVrgxtnZ/4YWBhqFx7juCK8\nu9d96BK+0Oywa1eG+ACL1VmYLy7MCQ==\n=1tk8\n-----END PGP PUBLIC KEY BLOCK-----	\N	\N
9871538a-5432-4974-a090-b1d6eb1de940	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n7W8n7DBWsRA8wkju0vxuqrBg6pCnImUoKDKmLZg0sOPjZDL2CCFdpdphn1Gtt4kO\n0rSsBzemrn/WI4ooddOJmkssr0fRCg==\n=R9vY\n-----END PGP PUBLIC KEY BLOCK-----	\N	\N
4c2dc6ab-b59e-4776-a573-c24a058aea1d	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nk3jEMPj4xn8pid1nCWzhV77Ay9/NuR/gTN39wimf3RM8GgFjIJh/quyK4KcYcMCG\n+q/qMY6J/LQbYGgp32vvFTyn9AzD6w==\n=YTRh\n-----END PGP PUBLIC KEY BLOCK-----	rocketstore73: quality since 2015, ship daily	rocketstore73@jabber.ccc.de
b01e0eaf-a8c3-47e9-a9e8-a28a6844d11f	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\ndIfEjjfXrFzuHlrda1Xk89DyMJkTYSgAbyb2hk6/L1KJVo7Ekh4rxCdrlgWfgQgd\naPjU8g2guIEiVryv8tErDX9xgM7goQ==\n=b0HT\n-----END PGP PUBLIC KEY BLOCK-----	\N	\N
850c9bfa-c06b-478d-a22b-998801c84871	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nXXuaTQ1oN/CsFAdQ+C3I6BavouluJndpw6EzkzGJVp8tkYyGZZNlvdgkjYxZxBdV\nyOZ8Ul2DcvjX+hatRTgZ8T3U/soZug==\n=DGAN\n-----END PGP PUBLIC KEY BLOCK-----	frostfox18: quality since 2015, ship daily	frostfox18@jabber.ccc.de
0e013514-bc0d-447b-ac6c-69f4ad87ef98	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAt0SPr3nrw4+Si8eaxsF7f8Zi1DHSmBMDwuV4wS+HAYmQ9Hv0enrUCNu3BxLRmka\nlFQx6Kpa9XGQdBnTj6AMVapmOOvsLA==\n=vOko\n-----END PGP PUBLIC KEY BLOCK-----	rocketx51: quality since 2015, ship daily	rocketx51@jabber.ccc.de
b1936253-e331-45a9-a10b-8e85b5068423	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nIlcvPdh+YsBXzHtPlFRjjh4shCNgMttxa1SMDOyP1kGkyZH+rYN3PrEv/NGs6xsn\nUY4CHV2XLI9eOBF7ydeQU261J82cKg==\n=ISaB\n-----END PGP PUBLIC KEY BLOCK-----	\N	\N
9311dcd4-231f-4563-ac68-8fc07dcbf7b9	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nSFod6p3Bwqo7QjiVfMgu5YLAf3W5BRVvT1pzoRc/5oneGXMMn9oFZeZBqq/U+Xx1\nDvLYziErO9oKcLSr0m+zcOpfYlxsNQ==\n=yTVJ\n-----END PGP PUBLIC KEY BLOCK-----	moonx53: quality since 2015, ship daily	moonx53@jabber.ccc.de
36498eb2-32c0-4f81-a1fd-73d87ba51326	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nu2bxwJuiPcc6EGEUBwmWNxjVOpBK5+t4XgKSyjjQyaIxb3NEfu0loR4pCyCyckEF\nVF0bw52WqevLh1wpa27UlVi7r8mhTQ==\n=BqOJ\n-----END PGP PUBLIC KEY BLOCK-----	greenshop24: quality since 2015, ship daily	greenshop24@jabber.ccc.de
\.

CREATE TABLE public.products (
    id uuid,
    seller uuid,
    name text,
    details text,
    category text,
    price_sat bigint,
    origin_country character(2),
    shipping_to text,
    created_ms bigint
);

COPY public.products (id, seller, name, details, category, price_sat, origin_country, shipping_to, created_ms) FROM stdin;
aba6e55b-a496-451c-a125-b18a9c107010	9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	28g Colombian Cocaine 90%	Colombian Cocaine 90% from frostfox43. Vacuum sealed, tracked.	Cocaine	7573380	CA	Europe	1484028543000
4edd1f56-9ab2-4b23-a376-b0d397180c9f	4c2dc6ab-b59e-4776-a573-c24a058aea1d	Stealth Shipping Guide	Stealth Shipping Guide from rocketstore73. Vacuum sealed, tracked.	Tutorials	3532303	NL	Europe	1492357785000
5cf295a9-bb96-420a-af23-80fe03562947	850c9bfa-c06b-478d-a22b-998801c84871	100g Speed Pills	Speed Pills from frostfox18. Vacuum sealed, tracked.	Speed	813141	CA	Europe	1497783121000
887bb720-ed1f-4ad0-a381-e2b71268e68a	0e013514-bc0d-447b-ac6c-69f4ad87ef98	28g Colombian Cocaine 90%	Colombian Cocaine 90% from rocketx51. Vacuum sealed, tracked.	Cocaine	6293055	DE	Worldwide	1472074758000
7e519f3c-75c1-4f49-a9ce-b2f8159a6d5f	9311dcd4-231f-4563-ac68-8fc07dcbf7b9	10g Blue Punisher XTC	Blue Punisher XTC from moonx53. Vacuum sealed, tracked.	MDMA	2188777	ES	Europe	1459873208000
2093c0a5-bfd9-4c3d-a519-2c496bafefd3	36498eb2-32c0-4f81-a1fd-73d87ba51326	5g Amphetamine Paste	Amphetamine Paste from greenshop24. Vacuum sealed, tracked.	Speed	8578461	ES	Europe	1483370026000
c8221659-6bf2-4b9f-a152-f40bca2bee1d	9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	10g THC Gummies	THC Gummies from frostfox43. Vacuum sealed, tracked.	Edibles	8513448	ES	Germany	1457638250000
30615a93-1ab5-4077-a2dc-6c337674af67	4c2dc6ab-b59e-4776-a573-c24a058aea1d	28g OG Kush	OG Kush from rocketstore73. Vacuum sealed, tracked.	Weed	5669396	NL	United States	1467767422000
b2f7b932-4936-44ab-a774-58dc42042724	850c9bfa-c06b-478d-a22b-998801c84871	10g THC Gummies	THC Gummies from frostfox18. Vacuum sealed, tracked.	Edibles	6260900	DE	United States	1468197126000
7428b14c-391c-412e-a139-168dd27d7e44	0e013514-bc0d-447b-ac6c-69f4ad87ef98	100g THC Gummies	THC Gummies from rocketx51. Vacuum sealed, tracked.	Edibles	4301689	ES	United States	1492886944000
5abd5e19-871a-4a76-a094-8bb2164be588	9311dcd4-231f-4563-ac68-8fc07dcbf7b9	Stealth Shipping Guide	Stealth Shipping Guide from moonx53. Vacuum sealed, tracked.	Tutorials	5442770	NL	Europe	1460179272000
c9c55738-0cf1-4440-a4ca-ed08cf7b473b	36498eb2-32c0-4f81-a1fd-73d87ba51326	1g Afghan Black	Afghan Black from greenshop24. Vacuum sealed, tracked.	Hash	207727	CA	Worldwide	1484492952000
af3629f3-6150-4bcf-acbc-db13f5cc127c	36498eb2-32c0-4f81-a1fd-73d87ba51326	1g Blue Punisher XTC	Blue Punisher XTC from greenshop24. Vacuum sealed, tracked.	MDMA	3919261	GB	Germany	1459619941000
334d5a64-137c-4be5-a43b-f79ec15e2fe7	9311dcd4-231f-4563-ac68-8fc07dcbf7b9	5g Blue Punisher XTC	Blue Punisher XTC from moonx53. Vacuum sealed, tracked.	MDMA	5542910	GB	Worldwide	1463274109000
6d0d194d-62d3-4fdd-a6fd-5ca6b22457a8	9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	5g MDMA Crystal	MDMA Crystal from frostfox43. Vacuum sealed, tracked.	MDMA	7477337	DE	United States	1482618224000
9e062c1a-f0d7-4b60-a2f6-5f82d4ba3d56	0e013514-bc0d-447b-ac6c-69f4ad87ef98	100g Afghan Black	Afghan Black from rocketx51. Vacuum sealed, tracked.	Hash	503183	GB	United States	1471065017000
9b843522-9097-47c4-a321-3058c6565aa7	850c9bfa-c06b-478d-a22b-998801c84871	10g Moroccan Hash	Moroccan Hash from frostfox18. Vacuum sealed, tracked.	Hash	1879953	DE	United States	1470357411000
b7ded0dd-b487-4644-a2ef-aa071713b4d6	850c9bfa-c06b-478d-a22b-998801c84871	28g Oxycodone 30mg	Oxycodone 30mg from frostfox18. Vacuum sealed, tracked.	Oxycodone	4017994	NL	Worldwide	1458092112000
5ac93365-3d3d-4e51-a362-ba76bc76eaf3	9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	28g Colombian Cocaine 90%	Colombian Cocaine 90% from frostfox43. Vacuum sealed, tracked.	Cocaine	8217753	ES	Germany	1477402174000
5d384672-d66b-4902-ae76-3a20335594db	9311dcd4-231f-4563-ac68-8fc07dcbf7b9	10g Blue Punisher XTC	Blue Punisher XTC from moonx53. Vacuum sealed, tracked.	MDMA	5247825	DE	Worldwide	1488258424000
9cb8d071-baeb-4887-aa9d-b4b733bafc5c	4c2dc6ab-b59e-4776-a573-c24a058aea1d	28g THC Gummies	THC Gummies from rocketstore73. Vacuum sealed, tracked.	Edibles	6592620	NL	Worldwide	1475631520000
a8259efb-17f0-44ec-adfb-787dbc9243ba	850c9bfa-c06b-478d-a22b-998801c84871	100g Super Lemon Haze	Super Lemon Haze from frostfox18. Vacuum sealed, tracked.	Weed	8612297	GB	Europe	1458477198000
00eb9e4b-acde-4a7e-a4db-2e267629062a	4c2dc6ab-b59e-4776-a573-c24a058aea1d	1g Space Brownies	Space Brownies from rocketstore73. Vacuum sealed, tracked.	Edibles	516785	GB	Worldwide	1493510264000
9995942a-6527-4648-a89d-a2d416e43598	850c9bfa-c06b-478d-a22b-998801c84871	5g Peruvian Flake	Peruvian Flake from frostfox18. Vacuum sealed, tracked.	Cocaine	5947896	GB	Europe	1466850196000
ef97752d-f094-4e0b-ad20-8ad77bce1271	850c9bfa-c06b-478d-a22b-998801c84871	28g Colombian Cocaine 90%	Colombian Cocaine 90% from frostfox18. Vacuum sealed, tracked.	Cocaine	1968755	US	Europe	1474024465000
3c68927d-a606-43b9-a3e6-445f25eea5bf	4c2dc6ab-b59e-4776-a573-c24a058aea1d	5g Afghan Black	Afghan Black from rocketstore73. Vacuum sealed, tracked.	Hash	5994861	US	Germany	1498080731000
c1f089d8-3439-45f1-af07-f913dd857aa3	9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	100g Speed Pills	Speed Pills from frostfox43. Vacuum sealed, tracked.	Speed	3786040	NL	Europe	1465723987000
493c2552-9633-48b3-a945-2984768facca	4c2dc6ab-b59e-4776-a573-c24a058aea1d	5g Blue Punisher XTC	Blue Punisher XTC from rocketstore73. Vacuum sealed, tracked.	MDMA	1208173	ES	Europe	1460134856000
16700366-be08-4875-a919-73030628af1c	9311dcd4-231f-4563-ac68-8fc07dcbf7b9	Stealth Shipping Guide	Stealth Shipping Guide from moonx53. Vacuum sealed, tracked.	Tutorials	2049710	GB	Worldwide	1456880214000
21ce3d9a-96b4-442e-ae9b-79f8d8a40b71	36498eb2-32c0-4f81-a1fd-73d87ba51326	28g Super Lemon Haze	Super Lemon Haze from greenshop24. Vacuum sealed, tracked.	Weed	6958871	CA	Europe	1491277579000
\.

CREATE TABLE public.purchases (
    id bigint,
    product_id uuid,
    buyer uuid,
    qty integer,
    price_sat bigint,
    state smallint,
    address_encrypted text,
    created_ms bigint
);

COPY public.purchases (id, product_id, buyer, qty, price_sat, state, address_encrypted, created_ms) FROM stdin;
1001	ef97752d-f094-4e0b-ad20-8ad77bce1271	55c9bf99-d517-4090-aa32-a09710cc1abc	1	1968755	3	-----BEGIN PGP MESSAGE-----\n\nwiB2CzqmmlF14ZIoS1bvFQ71JA505Y7Bw0h/iuRzOnFrQH48uEtOzQ==\n=oT2O\n-----END PGP MESSAGE-----	1482887209000
1002	9b843522-9097-47c4-a321-3058c6565aa7	1068e531-c0be-48d9-a160-866e20522f02	3	5639859	3	-----BEGIN PGP MESSAGE-----\n\nd3g0Ru4Jk5jXe0FSIUo1rdEGT/lNzbmwMmOmCxNa+IHfGGkQ8mJ7lA==\n=u7yt\n-----END PGP MESSAGE-----	1474622035000
1003	aba6e55b-a496-451c-a125-b18a9c107010	9871538a-5432-4974-a090-b1d6eb1de940	1	7573380	6	-----BEGIN PGP MESSAGE-----\n\nZFDsYp2GoRokZMpaBU+/aylU8YMsF4LVFt1mgFlHHhnNpOpdpESgHA==\n=y6Ly\n-----END PGP MESSAGE-----	1490356863000
1004	9e062c1a-f0d7-4b60-a2f6-5f82d4ba3d56	1068e531-c0be-48d9-a160-866e20522f02	3	1509549	4	-----BEGIN PGP MESSAGE-----\n\nelh+P+Tz1pnhf5jEbjR3I22JJBhcg+b9bLWfSxDGTw5j8C6Z84PsuQ==\n=inPZ\n-----END PGP MESSAGE-----	1478183399000
1005	c1f089d8-3439-45f1-af07-f913dd857aa3	4c74c91e-6d93-445a-a5c8-c75651475b09	2	7572080	3	-----BEGIN PGP MESSAGE-----\n\nym8GXVwVDLlnNxwfPirA9eLSy0Wrt5pWQ5E+xNbzJ+LrBJ366vzNXQ==\n=ICxF\n-----END PGP MESSAGE-----	1493718911000
1006	c1f089d8-3439-45f1-af07-f913dd857aa3	2fcdaf8a-aad9-4ee4-ac4b-bc8e231f90b9	1	3786040	3	-----BEGIN PGP MESSAGE-----\n\nhkA3UIuUTcvWbKlJQK2kaWMCvYydSHq+F7gRLPNOssIomy3PFjl2vg==\n=Bg0Z\n-----END PGP MESSAGE-----	1498142601000
1007	9e062c1a-f0d7-4b60-a2f6-5f82d4ba3d56	60262aa2-cf7d-4fb7-a5a1-51bd9b793822	1	503183	2	-----BEGIN PGP MESSAGE-----\n\nlW1ktaw5RG5CsainoUfSFhG9ANF3UOpf+ReUd1REOtGFNCumFuV6fA==\n=FQly\n-----END PGP MESSAGE-----	1478952449000
1008	9b843522-9097-47c4-a321-3058c6565aa7	d0e7ee04-0227-4938-a7f4-0621191bbedd	2	3759906	3	-----BEGIN PGP MESSAGE-----\n\njbL7HOk4bn6/SFZMWatMrzZ8OEfNgNzvhd9EJGyQLs2G2D7kIO+miw==\n=Qv6b\n-----END PGP MESSAGE-----	1486577477000
1009	a8259efb-17f0-44ec-adfb-787dbc9243ba	9871538a-5432-4974-a090-b1d6eb1de940	2	17224594	5	-----BEGIN PGP MESSAGE-----\n\nkJ/02UDoE5g8El311MBbZak0+WdT/lZr0uQaPtjXlsPgSOB5NW52Xw==\n=1GN/\n-----END PGP MESSAGE-----	1498508925000
1010	16700366-be08-4875-a919-73030628af1c	f9dd04d1-23bc-4530-abc1-29c7b8342c7b	1	2049710	3	-----BEGIN PGP MESSAGE-----\n\nwGDVG78V6V2RHAD3VhqdBHk/+LkOXFipEjStWHp3WMCytpbBm5shuQ==\n=pazb\n-----END PGP MESSAGE-----	1495131846000
1011	ef97752d-f094-4e0b-ad20-8ad77bce1271	f9dd04d1-23bc-4530-abc1-29c7b8342c7b	1	1968755	3	-----BEGIN PGP MESSAGE-----\n\nLIOdAqqsV94RZsk/0+yqZ+HO71jNnod3pVbsNmMz+wyCTb9hjh90Lg==\n=Z/H7\n-----END PGP MESSAGE-----	1487062639000
1012	c8221659-6bf2-4b9f-a152-f40bca2bee1d	0335e957-f68b-4763-ad4a-868f37a1a738	1	8513448	0	-----BEGIN PGP MESSAGE-----\n\n6TZaQyLvLAxDBX1cMSPMFhphwwa6GxEWfz5/wbcLybtVQ4hrGvNt+A==\n=JwKY\n-----END PGP MESSAGE-----	1492708724000
1013	ef97752d-f094-4e0b-ad20-8ad77bce1271	faf3413d-0dbb-4ae2-a3d1-c439b9a01441	3	5906265	2	-----BEGIN PGP MESSAGE-----\n\n5hOnE+hEmpVWEPCCue35Hkc+xdyvGReKrqKHTzMyxwnX+gTd824hZA==\n=UQhV\n-----END PGP MESSAGE-----	1491141449000
1014	c8221659-6bf2-4b9f-a152-f40bca2bee1d	88639893-dfd9-4487-a3e2-728fc3daef22	1	8513448	1	-----BEGIN PGP MESSAGE-----\n\nTBI0iabgFYSSabIsHN5xi6bFEYACKO24+lw7sau3yzoGoIoYJ5m1kw==\n=iPUp\n-----END PGP MESSAGE-----	1470807079000
1015	7428b14c-391c-412e-a139-168dd27d7e44	55c9bf99-d517-4090-aa32-a09710cc1abc	1	4301689	3	-----BEGIN PGP MESSAGE-----\n\nNckDVl+3tM2Y7ZYMATvIjRNVi2jvXMdaqpDYYfYlzzk5961L1jbhWw==\n=ptqf\n-----END PGP MESSAGE-----	1496658945000
1016	af3629f3-6150-4bcf-acbc-db13f5cc127c	60262aa2-cf7d-4fb7-a5a1-51bd9b793822	1	3919261	3	-----BEGIN PGP MESSAGE-----\n\nAZR9DFe6SEvrBK1JoN1erGR7rhNElgqgjeSqJ3frZ6CS5Vrs32uE7A==\n=xyaX\n-----END PGP MESSAGE-----	1474868214000
1017	a8259efb-17f0-44ec-adfb-787dbc9243ba	b1948030-c407-4a6b-a91e-3528cb65a261	1	8612297	3	-----BEGIN PGP MESSAGE-----\n\ndiiQooiHEb9ZUz5M3fy8h/u/M4P5JMYXXXskmbQa2nk3ASMggRu0pw==\n=7gv1\n-----END PGP MESSAGE-----	1493656227000
1018	3c68927d-a606-43b9-a3e6-445f25eea5bf	b01e0eaf-a8c3-47e9-a9e8-a28a6844d11f	3	17984583	3	-----BEGIN PGP MESSAGE-----\n\nULCmCJFVoSiHDsqAamBW4A6x+b+CLGYERSVEHFlPYZNxguGFEgjn7g==\n=o8uY\n-----END PGP MESSAGE-----	1498387370000
1019	9995942a-6527-4648-a89d-a2d416e43598	60262aa2-cf7d-4fb7-a5a1-51bd9b793822	3	17843688	3	-----BEGIN PGP MESSAGE-----\n\nos0hwW4wgwVMKAtky4klThEXEfNdH5Tl5Fj+RHn+VWuH7d4bGhym/A==\n=Focp\n-----END PGP MESSAGE-----	1469937857000
1020	c1f089d8-3439-45f1-af07-f913dd857aa3	2fcdaf8a-aad9-4ee4-ac4b-bc8e231f90b9	3	11358120	5	-----BEGIN PGP MESSAGE-----\n\nHOf0j2sMYpKugwDX8cNqEDshllUX4zm79f75J7gqyslFpRDmBAUTQQ==\n=qIih\n-----END PGP MESSAGE-----	1475750617000
1021	4edd1f56-9ab2-4b23-a376-b0d397180c9f	9871538a-5432-4974-a090-b1d6eb1de940	2	7064606	4	-----BEGIN PGP MESSAGE-----\n\nvZ7kGRmOWeBbEjeRq6ZEh3fNPMmgbGfi6EimfwAQ7buy4YWyeuE4Fw==\n=0Q69\n-----END PGP MESSAGE-----	1492730642000
1022	3c68927d-a606-43b9-a3e6-445f25eea5bf	9871538a-5432-4974-a090-b1d6eb1de940	1	5994861	6	-----BEGIN PGP MESSAGE-----\n\nh9qWoSlhnqmiBJMisd8HpRY6ZzJ1jYvGDohRmgNWtLPbZ1unI1Gb6Q==\n=Mv/D\n-----END PGP MESSAGE-----	1498272616000
1023	5d384672-d66b-4902-ae76-3a20335594db	f9dd04d1-23bc-4530-abc1-29c7b8342c7b	1	5247825	0	-----BEGIN PGP MESSAGE-----\n\n5s92/G/2NmoRBEkbUy+ol7WAJG3KcqHaqR/LnZx/5rI7DN5tfBEp5Q==\n=Mukr\n-----END PGP MESSAGE-----	1496420354000
1024	5abd5e19-871a-4a76-a094-8bb2164be588	43fa92b2-0873-40ed-a1d6-6a90b7a54718	3	16328310	3	-----BEGIN PGP MESSAGE-----\n\n5qg27goTErf49vlm7Y6QTJ56gokS2lNyV6HiP8yMxKEnOBhOKVAoiA==\n=k9aH\n-----END PGP MESSAGE-----	1493060723000
1025	3c68927d-a606-43b9-a3e6-445f25eea5bf	92e34283-a6ac-42ab-a909-cc985b57150e	1	5994861	2	-----BEGIN PGP MESSAGE-----\n\nSQtFx9w2PB7qmz2xWvLKsqZOSW81yGVllIiuO0tDeNn71fV+zj3Aew==\n=HPbK\n-----END PGP MESSAGE-----	1498586708000
1026	3c68927d-a606-43b9-a3e6-445f25eea5bf	2ab7ccdc-c8cd-454c-af16-15167406e240	3	17984583	3	-----BEGIN PGP MESSAGE-----\n\nd1/Wl0T3MNU53I6KfKBoGg2WPD23S8QW132QpZ+oCrD1uKc/2cKFUw==\n=t8mE\n-----END PGP MESSAGE-----	1498514220000
1027	334d5a64-137c-4be5-a43b-f79ec15e2fe7	faf3413d-0dbb-4ae2-a3d1-c439b9a01441	2	11085820	4	-----BEGIN PGP MESSAGE-----\n\n3BSX20x1CVdzA3ly83O0D06JQkpk7Fqysd7dg+z3jK9Pj/Xk2zgLPw==\n=TB7i\n-----END PGP MESSAGE-----	1477416363000
1028	21ce3d9a-96b4-442e-ae9b-79f8d8a40b71	0335e957-f68b-4763-ad4a-868f37a1a738	2	13917742	3	-----BEGIN PGP MESSAGE-----\n\nxqzZKgU8NKIIECO5VwUyy9goXylAkysLp6E2OtMHpWBt4wOBz0Y1pQ==\n=qUmM\n-----END PGP MESSAGE-----	1491616366000
1029	9b843522-9097-47c4-a321-3058c6565aa7	bf77f4eb-4e4a-43bf-aceb-0ea95a0c455a	1	1879953	1	-----BEGIN PGP MESSAGE-----\n\nYNX6Qi01zgRsfGTeimEOb6WgZlnZh3K/MFylepiMwl1XfiKX67WDZA==\n=wllI\n-----END PGP MESSAGE-----	1483182428000
1030	4edd1f56-9ab2-4b23-a376-b0d397180c9f	bf77f4eb-4e4a-43bf-aceb-0ea95a0c455a	2	7064606	2	-----BEGIN PGP MESSAGE-----\n\nBipJLRD4wPOEWtOAdgyfQXnUf8B9upPELpiE5ZXasoMIKd6HLs4gUg==\n=mayh\n-----END PGP MESSAGE-----	1497707113000
1031	c9c55738-0cf1-4440-a4ca-ed08cf7b473b	b01e0eaf-a8c3-47e9-a9e8-a28a6844d11f	1	207727	0	-----BEGIN PGP MESSAGE-----\n\nSGBQcj1veLeM09mk46pPYwrOcvsRVp1HjpTgfpoPixk2Yv8wkA0l6Q==\n=FJbc\n-----END PGP MESSAGE-----	1486582597000
1032	16700366-be08-4875-a919-73030628af1c	f9dd04d1-23bc-4530-abc1-29c7b8342c7b	3	6149130	6	-----BEGIN PGP MESSAGE-----\n\nfxk8DGTYYe3TcHXt4WniwfGwfyH7ZdAqFtwakEC/7pIChgkoG0vv/g==\n=UCwE\n-----END PGP MESSAGE-----	1470651770000
1033	b2f7b932-4936-44ab-a774-58dc42042724	2ab7ccdc-c8cd-454c-af16-15167406e240	1	6260900	3	-----BEGIN PGP MESSAGE-----\n\nq7goXw9Eta65bBMen+XEtk5e06Bosd0MfWmpPq/MQ7r1ATGuaV1Yzg==\n=Jcx3\n-----END PGP MESSAGE-----	1469093756000
1034	c8221659-6bf2-4b9f-a152-f40bca2bee1d	b1948030-c407-4a6b-a91e-3528cb65a261	3	25540344	1	-----BEGIN PGP MESSAGE-----\n\n+0UG0s+2acslzK9BS05JxuHoDBp8q7pKOSi2hP5JOwBGsaOusdFmGQ==\n=oc/u\n-----END PGP MESSAGE-----	1468050296000
1035	ef97752d-f094-4e0b-ad20-8ad77bce1271	d0e7ee04-0227-4938-a7f4-0621191bbedd	3	5906265	3	-----BEGIN PGP MESSAGE-----\n\ngULh67E39WaykfCPArx4ESC89qkWgCOkqts4p3PUmtunq/zqw86U1w==\n=Xi/8\n-----END PGP MESSAGE-----	1482184585000
1036	2093c0a5-bfd9-4c3d-a519-2c496bafefd3	faf3413d-0dbb-4ae2-a3d1-c439b9a01441	3	25735383	3	-----BEGIN PGP MESSAGE-----\n\n7rMP4S7e+Bl9DkjArW6WiFy2FtEvUMkX1WzYiGSeIpI+2jkC/30EBQ==\n=b8St\n-----END PGP MESSAGE-----	1491343158000
1037	aba6e55b-a496-451c-a125-b18a9c107010	9871538a-5432-4974-a090-b1d6eb1de940	2	15146760	2	-----BEGIN PGP MESSAGE-----\n\nizInIv+UWESfPIXiKCTEyop3eeezv1mtx9YWDZHp8Fuk4MsEWHhMnw==\n=iKCy\n-----END PGP MESSAGE-----	1484099302000
1038	b2f7b932-4936-44ab-a774-58dc42042724	b01e0eaf-a8c3-47e9-a9e8-a28a6844d11f	1	6260900	5	-----BEGIN PGP MESSAGE-----\n\nUHBxk4rY8AvDyYn+J+LKxu49awiP4hAzui59BWr+7m3EnxW1ebJnfA==\n=xPCc\n-----END PGP MESSAGE-----	1492093091000
1039	5abd5e19-871a-4a76-a094-8bb2164be588	60262aa2-cf7d-4fb7-a5a1-51bd9b793822	1	5442770	5	-----BEGIN PGP MESSAGE-----\n\nuxN2rjHHSyhoz4rJztJXIey5X8EEZKHasyGg5V0O009z4QAR4WHg+w==\n=SojT\n-----END PGP MESSAGE-----	1463641249000
1040	16700366-be08-4875-a919-73030628af1c	55c9bf99-d517-4090-aa32-a09710cc1abc	1	2049710	5	-----BEGIN PGP MESSAGE-----\n\nxCIFpP1tmaxztM+GoICIfaiIdoK+BlFDkkZ0VmNLh7sVGUk3bLFCOA==\n=QzUp\n-----END PGP MESSAGE-----	1489304349000
1041	af3629f3-6150-4bcf-acbc-db13f5cc127c	88639893-dfd9-4487-a3e2-728fc3daef22	1	3919261	3	-----BEGIN PGP MESSAGE-----\n\ngR9gzl3C9DuA41Qj29vJDNMHnDDvO9QCef85ZWHh2YIJeyxMFjTgmw==\n=BK0B\n-----END PGP MESSAGE-----	1477679938000
1042	c1f089d8-3439-45f1-af07-f913dd857aa3	f9dd04d1-23bc-4530-abc1-29c7b8342c7b	1	3786040	3	-----BEGIN PGP MESSAGE-----\n\nUaT0ymdQqB+vwcLGNKHnJz4iZs7Z7VKrG534sVrPdNy684b/02G86w==\n=PwVC\n-----END PGP MESSAGE-----	1478351786000
1043	aba6e55b-a496-451c-a125-b18a9c107010	b01e0eaf-a8c3-47e9-a9e8-a28a6844d11f	1	7573380	3	-----BEGIN PGP MESSAGE-----\n\n4dRXcRwR6DZGhEm5J888GKk1msbVIpgFKd+/9sYsOq3ve9LDjUAXDQ==\n=jddT\n-----END PGP MESSAGE-----	1496647799000
1044	334d5a64-137c-4be5-a43b-f79ec15e2fe7	faf3413d-0dbb-4ae2-a3d1-c439b9a01441	1	5542910	3	-----BEGIN PGP MESSAGE-----\n\nnlz0uh4/DRISh6u4oaI/s+W/gSjc3SuGFc17HmcUoeNld+mPVbo+Wg==\n=0zyZ\n-----END PGP MESSAGE-----	1472517520000
1045	7428b14c-391c-412e-a139-168dd27d7e44	2fcdaf8a-aad9-4ee4-ac4b-bc8e231f90b9	1	4301689	2	-----BEGIN PGP MESSAGE-----\n\nNQcVhrWE2IgRT1fCTmTN1CIUL4VRr2C4iH3N4J0vXBRfM3kJsE5+jg==\n=yMQF\n-----END PGP MESSAGE-----	1497689724000
1046	7e519f3c-75c1-4f49-a9ce-b2f8159a6d5f	bf77f4eb-4e4a-43bf-aceb-0ea95a0c455a	1	2188777	2	-----BEGIN PGP MESSAGE-----\n\nLMzHFG0LMogAs7cRiMy5LCBE3BMBSreBi6uyyhMXNn5MtB6SjYX9fA==\n=o8si\n-----END PGP MESSAGE-----	1460490243000
1047	ef97752d-f094-4e0b-ad20-8ad77bce1271	9871538a-5432-4974-a090-b1d6eb1de940	3	5906265	3	-----BEGIN PGP MESSAGE-----\n\nNQc75WUDCz98CjWYrOumMmUvaNMFmsKhA4W/fQEuiygdlXN9CFjCzA==\n=YW/N\n-----END PGP MESSAGE-----	1490011680000
1048	c9c55738-0cf1-4440-a4ca-ed08cf7b473b	faf3413d-0dbb-4ae2-a3d1-c439b9a01441	1	207727	0	-----BEGIN PGP MESSAGE-----\n\nBqeWS1rZbh0ok6qnuaM1SqEMDQTudSc1C4qCswizw///zfGPCXn+Jw==\n=3d35\n-----END PGP MESSAGE-----	1485827639000
1049	6d0d194d-62d3-4fdd-a6fd-5ca6b22457a8	55c9bf99-d517-4090-aa32-a09710cc1abc	1	7477337	5	-----BEGIN PGP MESSAGE-----\n\nBdzEfxAWIMbK9YwTwAU9bF7MYlfYy58INVpS0NFaF3rdTQgAITjejQ==\n=wiCi\n-----END PGP MESSAGE-----	1485100913000
1050	30615a93-1ab5-4077-a2dc-6c337674af67	92e34283-a6ac-42ab-a909-cc985b57150e	3	17008188	5	-----BEGIN PGP MESSAGE-----\n\nTPIWDLM5lO/8rE6lmYNJHfd65ZIr2qJqDy5T/h5oV04rcOJlCzQqjw==\n=y/Yj\n-----END PGP MESSAGE-----	1480189903000
1051	c8221659-6bf2-4b9f-a152-f40bca2bee1d	b01e0eaf-a8c3-47e9-a9e8-a28a6844d11f	2	17026896	0	-----BEGIN PGP MESSAGE-----\n\nQrA4ByN/t8Rt4p9IYAS4YpNC1CVgaSmObSYOtxh5OxCB+nvFJuudrg==\n=TCwE\n-----END PGP MESSAGE-----	1457899283000
1052	c8221659-6bf2-4b9f-a152-f40bca2bee1d	bf77f4eb-4e4a-43bf-aceb-0ea95a0c455a	2	17026896	5	-----BEGIN PGP MESSAGE-----\n\n31l0mHRXGJ1oduvKtLLmdPciXe3fEwCu5eGyORZWVFyC5T612SxfLA==\n=Gz0U\n-----END PGP MESSAGE-----	1494664334000
1053	5abd5e19-871a-4a76-a094-8bb2164be588	92e34283-a6ac-42ab-a909-cc985b57150e	1	5442770	0	-----BEGIN PGP MESSAGE-----\n\ndLzbExUPGnI5bRI12sDSdL2XvqeDTfIHvaw3/PZrlo+tO25gf5fp8A==\n=dsAZ\n-----END PGP MESSAGE-----	1495990629000
1054	887bb720-ed1f-4ad0-a381-e2b71268e68a	faf3413d-0dbb-4ae2-a3d1-c439b9a01441	1	6293055	4	-----BEGIN PGP MESSAGE-----\n\n/ep0FWIkIfLQUA6lSUvD7db7H6iXUwb0rSV3O766QqULeVTQpNGxrA==\n=H/2K\n-----END PGP MESSAGE-----	1478573772000
1055	5cf295a9-bb96-420a-af23-80fe03562947	60262aa2-cf7d-4fb7-a5a1-51bd9b793822	1	813141	3	-----BEGIN PGP MESSAGE-----\n\n+p+rqcNCoY9fdhmr70DUpFF49diRrNFSuLp58cwIh0grK3G48M0Grg==\n=VIMC\n-----END PGP MESSAGE-----	1498225531000
1056	9b843522-9097-47c4-a321-3058c6565aa7	b1948030-c407-4a6b-a91e-3528cb65a261	2	3759906	5	-----BEGIN PGP MESSAGE-----\n\ntYSezO2scA/D40Np5qeblCIGp8OS62gxjYUucdIVN4RKBIrkMrLZOg==\n=XoJu\n-----END PGP MESSAGE-----	1480901098000
1057	16700366-be08-4875-a919-73030628af1c	2fcdaf8a-aad9-4ee4-ac4b-bc8e231f90b9	1	2049710	4	-----BEGIN PGP MESSAGE-----\n\nINFAJS97RLRDFDOMDFww4cgVbdOF170y15WeoflDoxixHf7nF7amRQ==\n=ZLDQ\n-----END PGP MESSAGE-----	1485356811000
1058	c9c55738-0cf1-4440-a4ca-ed08cf7b473b	43fa92b2-0873-40ed-a1d6-6a90b7a54718	2	415454	3	-----BEGIN PGP MESSAGE-----\n\nOQS1QiKFD3vqs5Hmzh1j0Y0eKjuW9+Fxl3cm6NkyCrjskwAuQb3VJA==\n=7I0/\n-----END PGP MESSAGE-----	1496088005000
1059	ef97752d-f094-4e0b-ad20-8ad77bce1271	1068e531-c0be-48d9-a160-866e20522f02	1	1968755	5	-----BEGIN PGP MESSAGE-----\n\nZ2Teq11pWUZab7Irz1pu8gzwVlTh/p/90yzUR2n+SixSFsFK4MZ9Fw==\n=sKmV\n-----END PGP MESSAGE-----	1479801916000
1060	887bb720-ed1f-4ad0-a381-e2b71268e68a	43fa92b2-0873-40ed-a1d6-6a90b7a54718	1	6293055	0	-----BEGIN PGP MESSAGE-----\n\nKCBH/jgHVPR9fPwAxSJrw2uvEpzP3WI8qdBPlND/EpOCXqhu93rrxA==\n=/yK8\n-----END PGP MESSAGE-----	1482305595000
\.

CREATE TABLE public.ratings (
    id bigint,
    purchase_id bigint,
    stars smallint,
    remark text,
    created_ms bigint
);

COPY public.ratings (id, purchase_id, stars, remark, created_ms) FROM stdin;
1	1001	5	a bit light but ok	1483060009000
2	1002	3	arrived after 3 days	1475226835000
3	1004	1	meh	1478356199000
4	1005	5	good comms	1493978111000
5	1006	1	good comms	1499611401000
6	1008	3	great stealth, fast shipping	1488219077000
7	1009	5	never arrived	1499372925000
8	1010	4	top quality, will order again	1496514246000
9	1011	5	arrived after 3 days	1487581039000
10	1015	5	arrived after 3 days	1497868545000
11	1016	5	top quality, will order again	1475041014000
12	1017	4	meh	1494433827000
13	1018	4	meh	1499596970000
14	1019	4	good comms	1470801857000
15	1020	5	excellent vendor, A+++	1476441817000
16	1021	5	good comms	1493335442000
17	1024	3	excellent vendor, A+++	1494615923000
18	1026	4	meh	1499119020000
19	1027	3	meh	1478625963000
20	1028	5	great stealth, fast shipping	1492307566000
21	1033	4	never arrived	1469525756000
22	1035	4	good comms	1483048585000
23	1036	5	never arrived	1492725558000
24	1038	3	never arrived	1492957091000
25	1039	5	meh	1465110049000
26	1040	5	excellent vendor, A+++	1489909149000
27	1041	3	great stealth, fast shipping	1478543938000
28	1042	4	great stealth, fast shipping	1478524586000
29	1043	5	great stealth, fast shipping	1497684599000
30	1044	5	a bit light but ok	1473986320000
\.

CREATE TABLE public.private_messages (
    id bigint,
    sender_handle text,
    recipient_handle text,
    title text,
    message text,
    created_ms bigint
);

COPY public.private_messages (id, sender_handle, recipient_handle, title, message, created_ms) FROM stdin;
1	zenlabs89	moonx53	order #46	hi, any news on my order?	1460655843000
2	moonx53	zenlabs89	order #46	-----BEGIN PGP MESSAGE-----\n\n4DMg31h6pB41WMxs7Ma4+J8/J2s6BLVBuC+37UhKlKrZgVuvOYAhHA==\n=ZqJt\n-----END PGP MESSAGE-----	1460670243000
3	zenlabs89	moonx53	order #46	hi, any news on my order?	1460720643000
4	frostlabs78	frostfox18	order #19	-----BEGIN PGP MESSAGE-----\n\nTJuK4+7zBV4hO2EbNcwWbyugRwQQwRiEH5XCVkkt+bxamKUxJ42/2w==\n=Q749\n-----END PGP MESSAGE-----	1470089057000
5	frostfox18	frostlabs78	order #19	-----BEGIN PGP MESSAGE-----\n\nGM3hgMWKOmlCuBquDYavlAa1ld0FgQVJX27ZscMwdtou0r/dEbJYGg==\n=zz1u\n-----END PGP MESSAGE-----	1470168257000
6	frostlabs78	frostfox18	order #19	-----BEGIN PGP MESSAGE-----\n\njJfWtbL+wFVj2sf+q9vz4VEpXSsXs4ku+Ssjne1M2OQDUg5jyV9TSQ==\n=3bH7\n-----END PGP MESSAGE-----	1470272657000
7	frostfox18	frostlabs78	order #19	-----BEGIN PGP MESSAGE-----\n\nJDZleiqJhEMH2MlbctgK4OvWhl6aCJXcyrxIvqpHl2EhnSMAsBWljg==\n=jYZG\n-----END PGP MESSAGE-----	1470319457000
8	darklabs75	moonx53	order #24	-----BEGIN PGP MESSAGE-----\n\nI/AYJjYQJ6je9Nydlmy17ULV7Dp7rXzikGGDurwazfJZ4/uieh7FQw==\n=1s4Z\n-----END PGP MESSAGE-----	1493168723000
9	moonx53	darklabs75	order #24	-----BEGIN PGP MESSAGE-----\n\nizgfgeMmkVhIt/4FOJItYOD/LkYFtx8K33Czd5fHyDJcgimsvnI1Ig==\n=3gJg\n-----END PGP MESSAGE-----	1493208323000
10	candystore15	frostfox18	order #1	-----BEGIN PGP MESSAGE-----\n\nAezvX6uDHhXiOGWQ91w6aOd1a7mr23yWcDxV9E0T0ZmAK8CmL5eBpQ==\n=wxPD\n-----END PGP MESSAGE-----	1483049209000
11	frostfox18	candystore15	order #1	hi, any news on my order?	1483114009000
12	zenlabs89	frostfox43	order #52	-----BEGIN PGP MESSAGE-----\n\ntnKniDg/xnptV4bBNNkr/rNOIYFxgCXDiIrNy6ZiSnYX3igesEKiCw==\n=/GCg\n-----END PGP MESSAGE-----	1494671534000
13	frostfox43	zenlabs89	order #52	-----BEGIN PGP MESSAGE-----\n\ncewq2ALUuQEEh0g74sbgDBDhznXmaNSyg95SX8rHbpt5rDOyum4XrQ==\n=97s2\n-----END PGP MESSAGE-----	1494685934000
14	greenman87	frostfox18	order #56	hi, any news on my order?	1481066698000
15	frostfox18	greenman87	order #56	-----BEGIN PGP MESSAGE-----\n\nk/KOO8GKaTlNPCqdvsDsadEuoPtd+dHSrSIPCAQ/uXMxEgfOZclyCw==\n=vpnu\n-----END PGP MESSAGE-----	1481088298000
16	hempleaf36	frostfox43	order #6	-----BEGIN PGP MESSAGE-----\n\nidBpUovoW5jABfsFM9dhhxtoeC2QqvxXpnH/Kx1712J+gcmPDCxKVA==\n=+Xlv\n-----END PGP MESSAGE-----	1498185801000
17	frostfox43	hempleaf36	order #6	hi, any news on my order?	1498200201000
18	darklabs75	rocketx51	order #60	-----BEGIN PGP MESSAGE-----\n\nlW2i0HsGO/I+TUjNJKidLK7ylta1ViIEq32w3XPcAVcd3Ce7R5jP/w==\n=9SuP\n-----END PGP MESSAGE-----	1482323595000
19	rocketx51	darklabs75	order #60	hi, any news on my order?	1482341595000
20	darklabs75	rocketx51	order #60	hi, any news on my order?	1482438795000
21	rocketx51	darklabs75	order #60	hi, any news on my order?	1482503595000
22	zenlabs89	rocketstore73	order #30	hi, any news on my order?	1497728713000
23	rocketstore73	zenlabs89	order #30	hi, any news on my order?	1497811513000
24	zenlabs89	rocketstore73	order #30	hi, any news on my order?	1497833113000
25	rocketstore73	zenlabs89	order #30	hi, any news on my order?	1497937513000
26	shadowstore42	rocketstore73	order #21	-----BEGIN PGP MESSAGE-----\n\n73f4bgyOaBYiLM9x0IFJ/iMNGX9Rqa56zPsQatkbkM1R9dC48Wn/iA==\n=36BB\n-----END PGP MESSAGE-----	1492885442000
27	rocketstore73	shadowstore42	order #21	-----BEGIN PGP MESSAGE-----\n\n4ndepp6LpIr98G74501QbkZT/roGSvKiG9AZjrJVkVOSIfRf6dBAhg==\n=FwKp\n-----END PGP MESSAGE-----	1492917842000
28	shadowstore42	rocketstore73	order #21	hi, any news on my order?	1492928642000
29	silkman60	moonx53	order #32	-----BEGIN PGP MESSAGE-----\n\nAguCxi6dM3tDY7+qm4gbFt7vuQCrxEPgdJaf5UFhWnohNoBoq1mcsA==\n=AYIj\n-----END PGP MESSAGE-----	1470741770000
30	moonx53	silkman60	order #32	-----BEGIN PGP MESSAGE-----\n\ncIRCEoOa0GtFQ4M/sYmfNhhqBBVFvo/aFtd8tKU8DggebEAjyUSdGw==\n=xLhu\n-----END PGP MESSAGE-----	1470781370000
31	silkman60	moonx53	order #32	hi, any news on my order?	1470885770000
32	magicx98	moonx53	order #44	-----BEGIN PGP MESSAGE-----\n\n2efJdYlYU+4cbiKUbGWARqiZAZeFJgVKsrrxUGM+09a8ZkquiiA6Rg==\n=2ara\n-----END PGP MESSAGE-----	1472585920000
33	moonx53	magicx98	order #44	hi, any news on my order?	1472596720000
34	magicx98	moonx53	order #44	hi, any news on my order?	1472668720000
35	moonx53	magicx98	order #44	-----BEGIN PGP MESSAGE-----\n\nO+4Gbti7D1PqoWb9XltepO7DWf0hvB59Bl2CtclXMame6JcxvbZVYA==\n=6+0z\n-----END PGP MESSAGE-----	1472711920000
36	silkman60	moonx53	order #10	-----BEGIN PGP MESSAGE-----\n\nZ1kbaSR+XzW7vF+h5Ln90KLG88ANDH+Ma9giaiOJY0QaFLxRGX0jdA==\n=Uifi\n-----END PGP MESSAGE-----	1495261446000
37	moonx53	silkman60	order #10	hi, any news on my order?	1495268646000
38	silkman60	moonx53	order #10	hi, any news on my order?	1495373046000
39	drvibes43	rocketstore73	order #25	-----BEGIN PGP MESSAGE-----\n\nOsT2sQBRVE0uh842h+hcSYRWeQlfg5lNZrPjf/Gi2z9LN5h9MCu8aA==\n=pokp\n-----END PGP MESSAGE-----	1498655108000
40	rocketstore73	drvibes43	order #25	-----BEGIN PGP MESSAGE-----\n\npvj4HCDSbhEH87kwP4RZadbxbyaOD7BKldyGplPS5kpEvv/jF1/MSA==\n=jxmZ\n-----END PGP MESSAGE-----	1498712708000
41	drvibes43	rocketstore73	order #25	-----BEGIN PGP MESSAGE-----\n\nZORRjUA/475OdXD0MDRM154C7ltH6DB6mBa2usbkWtqD+F8BO4H77w==\n=HgfE\n-----END PGP MESSAGE-----	1498802708000
42	rocketstore73	drvibes43	order #25	hi, any news on my order?	1498835108000
43	magicx98	greenshop24	order #48	-----BEGIN PGP MESSAGE-----\n\n924FZ/vscX1p8nmu5vcCYiUyv7iJiYhFEsCE497/lo9qTLfjN5tzxQ==\n=BcnP\n-----END PGP MESSAGE-----	1485896039000
44	greenshop24	magicx98	order #48	hi, any news on my order?	1485903239000
45	magicx98	greenshop24	order #48	-----BEGIN PGP MESSAGE-----\n\ne5HKpN5L4tOz3TK3mGRrCYJctero+F/6Bokdp0hRmA6/J8mmhhwqLg==\n=c8Gu\n-----END PGP MESSAGE-----	1485993239000
46	greenshop24	magicx98	order #48	hi, any news on my order?	1486025639000
\.

CREATE TABLE public.access_log (
    member_id uuid,
    ip inet,
    agent text,
    ts_ms bigint
);

COPY public.access_log (member_id, ip, agent, ts_ms) FROM stdin;
43fa92b2-0873-40ed-a1d6-6a90b7a54718	175.55.217.188	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1469714371000
9871538a-5432-4974-a090-b1d6eb1de940	12.91.14.134	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1459970829000
0e013514-bc0d-447b-ac6c-69f4ad87ef98	32.29.227.120	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1478770433000
f9dd04d1-23bc-4530-abc1-29c7b8342c7b	252.43.37.152	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1458342318000
55c9bf99-d517-4090-aa32-a09710cc1abc	149.160.41.12	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1478774114000
a467362d-ebad-484a-a90c-0937473748c0	198.65.200.71	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1469884767000
bf77f4eb-4e4a-43bf-aceb-0ea95a0c455a	159.166.209.237	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1464472700000
bf77f4eb-4e4a-43bf-aceb-0ea95a0c455a	111.233.240.210	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1482274533000
43fa92b2-0873-40ed-a1d6-6a90b7a54718	88.211.149.22	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1478241648000
1068e531-c0be-48d9-a160-866e20522f02	27.161.145.241	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1484413160000
850c9bfa-c06b-478d-a22b-998801c84871	35.43.60.173	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1477721192000
1068e531-c0be-48d9-a160-866e20522f02	36.160.194.18	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1484361407000
60262aa2-cf7d-4fb7-a5a1-51bd9b793822	112.236.169.226	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1465855392000
0e013514-bc0d-447b-ac6c-69f4ad87ef98	199.216.35.215	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1484667604000
b1936253-e331-45a9-a10b-8e85b5068423	194.155.101.131	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1496053888000
52f0d6ee-deb7-4050-a323-38a08840f7c6	223.41.211.173	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1490806038000
a467362d-ebad-484a-a90c-0937473748c0	129.224.12.230	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1476953768000
850c9bfa-c06b-478d-a22b-998801c84871	99.133.146.22	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1467464597000
4c2dc6ab-b59e-4776-a573-c24a058aea1d	157.152.109.152	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1457855439000
88639893-dfd9-4487-a3e2-728fc3daef22	120.41.35.251	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1464600653000
b01e0eaf-a8c3-47e9-a9e8-a28a6844d11f	95.159.142.146	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1467079665000
9871538a-5432-4974-a090-b1d6eb1de940	213.43.46.208	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1471934232000
b1936253-e331-45a9-a10b-8e85b5068423	70.118.151.130	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1475220487000
0e013514-bc0d-447b-ac6c-69f4ad87ef98	4.52.222.154	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1482441956000
55c9bf99-d517-4090-aa32-a09710cc1abc	114.231.157.66	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1474988103000
b01e0eaf-a8c3-47e9-a9e8-a28a6844d11f	89.100.57.119	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1457162013000
f9dd04d1-23bc-4530-abc1-29c7b8342c7b	205.156.40.245	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1495289422000
9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	25.230.192.229	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1494268195000
92e34283-a6ac-42ab-a909-cc985b57150e	174.223.93.103	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1479348898000
b1948030-c407-4a6b-a91e-3528cb65a261	175.217.23.4	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1457164450000
bf77f4eb-4e4a-43bf-aceb-0ea95a0c455a	253.245.195.166	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1474712420000
60262aa2-cf7d-4fb7-a5a1-51bd9b793822	167.145.188.137	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1487427739000
9311dcd4-231f-4563-ac68-8fc07dcbf7b9	188.154.21.152	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1471010439000
850c9bfa-c06b-478d-a22b-998801c84871	188.39.16.38	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1456965482000
b1948030-c407-4a6b-a91e-3528cb65a261	82.179.56.46	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1491457062000
a467362d-ebad-484a-a90c-0937473748c0	206.34.207.133	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1489279306000
9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	15.114.238.193	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1464382678000
88639893-dfd9-4487-a3e2-728fc3daef22	193.8.232.65	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1491499767000
f9dd04d1-23bc-4530-abc1-29c7b8342c7b	152.250.187.235	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1467925663000
bf77f4eb-4e4a-43bf-aceb-0ea95a0c455a	123.29.242.60	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1498313497000
850c9bfa-c06b-478d-a22b-998801c84871	107.131.22.62	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1457301964000
4c2dc6ab-b59e-4776-a573-c24a058aea1d	43.216.118.117	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1469632974000
0e013514-bc0d-447b-ac6c-69f4ad87ef98	77.152.8.196	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1494937505000
1068e531-c0be-48d9-a160-866e20522f02	204.254.10.136	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1496807923000
9871538a-5432-4974-a090-b1d6eb1de940	191.26.214.233	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1467516870000
b1936253-e331-45a9-a10b-8e85b5068423	126.7.227.125	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1476804112000
92e34283-a6ac-42ab-a909-cc985b57150e	44.49.225.19	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1470828303000
b1936253-e331-45a9-a10b-8e85b5068423	191.200.64.230	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	1481816946000
a467362d-ebad-484a-a90c-0937473748c0	200.176.117.197	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	1470493380000
36498eb2-32c0-4f81-a1fd-73d87ba51326	113.76.216.151	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	1496041658000
\.

CREATE TABLE public.deposit_addresses (
    address text,
    member_id uuid,
    created_ms bigint
);

COPY public.deposit_addresses (address, member_id, created_ms) FROM stdin;
1E2BgPakpxpn2N7QHBYRq24PDuxmHRH5HV	52f0d6ee-deb7-4050-a323-38a08840f7c6	1478623049000
17A1HAPYtq86duPG5skqEeJ7ondVXA6YJ4	2ab7ccdc-c8cd-454c-af16-15167406e240	1458269064000
1FZPxDnZ9cQoJYVMTxPhjsjDxJGGBRvgpq	88639893-dfd9-4487-a3e2-728fc3daef22	1475200005000
1AFD2mydMkXChieEQddjVG2awEdwFazDy2	a467362d-ebad-484a-a90c-0937473748c0	1466987595000
196AF4f5Yw486kzewP79P2qvFuxW4WsADH	d0e7ee04-0227-4938-a7f4-0621191bbedd	1469289016000
1SPRVek9PWKmBHjGz2r11pXarBHiHBJ4a	43fa92b2-0873-40ed-a1d6-6a90b7a54718	1455532240000
1Gr81Z7hsAcdbJHAmYEt5HmeUC2p9Habk8	faf3413d-0dbb-4ae2-a3d1-c439b9a01441	1446288314000
1Axv4CBhT1swTi9Ux24YQhjYKhBXHqvmJx	55c9bf99-d517-4090-aa32-a09710cc1abc	1447567857000
1JPPSUhQBBS9FrqzTbZuwb8io59Ukt7WWK	0335e957-f68b-4763-ad4a-868f37a1a738	1471465788000
14JKNnkBivnKAyE3AzFku6Pn9DoBnvg876	9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	1447528696000
1BJ7nRiaXMMB5GqnTBxetSyAhQqYMFrpzc	60262aa2-cf7d-4fb7-a5a1-51bd9b793822	1456619681000
13PZ7bfp9ChSBkg6P2NGWU8MZy7LPHp9M9	2fcdaf8a-aad9-4ee4-ac4b-bc8e231f90b9	1453147243000
1EaLhwsBLXAFYFKBM6SYQPeea1WqHBdHKf	9871538a-5432-4974-a090-b1d6eb1de940	1456221717000
124Bi5WDv7HoPGczLtvwVpkSh7McVzBHdt	4c74c91e-6d93-445a-a5c8-c75651475b09	1453961152000
1A22bXzb1QaYCf9uotZZA5kjRKaUFPimfn	1068e531-c0be-48d9-a160-866e20522f02	1468353756000
1PT2PYgDtkto9oZkuCdBN1zhDQX57U3gMe	b1948030-c407-4a6b-a91e-3528cb65a261	1446705417000
1Q6xanWN81A8fZMw4znCR16GDTPVycNzjL	92e34283-a6ac-42ab-a909-cc985b57150e	1452150187000
1ZDtdiu3ZXK9cUC2Ws58kf2rVsgcneMUS	4c2dc6ab-b59e-4776-a573-c24a058aea1d	1448622917000
1JsYd3DLN616csY5uNSe941wQneGN7mevB	b01e0eaf-a8c3-47e9-a9e8-a28a6844d11f	1474703619000
1GKWKXL6WgmHHsH4X464uicWSyVxBWFy7j	850c9bfa-c06b-478d-a22b-998801c84871	1451480178000
1Dx6trYfkoRQnptgiwepF2ca4RaXj52U7	0e013514-bc0d-447b-ac6c-69f4ad87ef98	1458393034000
14qi4wGd81eq5xsmb6vn4CBWWGXbZ5syZZ	f9dd04d1-23bc-4530-abc1-29c7b8342c7b	1463270312000
183krSwbQYLohjWaZF5nEj2pWFiihkcNcz	bf77f4eb-4e4a-43bf-aceb-0ea95a0c455a	1464659625000
19s1xRt8TFfBvLjv3wWcxtutDSBX6jRHEs	b1936253-e331-45a9-a10b-8e85b5068423	1445741592000
1DCHiJTMQurmKvnfmB7cNv7Vtw94YEkz4Y	9311dcd4-231f-4563-ac68-8fc07dcbf7b9	1453341229000
13St54VRn7jxRcfFZW68HUY426xVQ7RuJq	36498eb2-32c0-4f81-a1fd-73d87ba51326	1449883323000
\.

CREATE TABLE public.withdrawals (
    id bigint,
    member_id uuid,
    purchase_id bigint,
    to_address text,
    amount_sat bigint,
    txid text,
    created_ms bigint
);

COPY public.withdrawals (id, member_id, purchase_id, to_address, amount_sat, txid, created_ms) FROM stdin;
1	850c9bfa-c06b-478d-a22b-998801c84871	1001	18UeGBffdtCrK5t95Aizj5SjxPqYNPBShs	1890004	35672e9e686dd16eebfcfb447460846b594ba16f8b4603cb266564bfdad00218	1483232809000
2	850c9bfa-c06b-478d-a22b-998801c84871	1002	1LpWCSJ8t4f6TQroNsHTjF87BHSxvuw4Lq	5414264	5ab8a31200b75eea21c752af0df254069de075261bf828a4739aacdaedad5e58	1476609235000
3	9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	1005	1NJDfpusqhxVgDe6sr2AdHJoMJvLASCaT1	7269196	213328d6f3ea5dddb2e72df37c649fb8c26a2a09209ce5c26d639a6e807dd147	1494237311000
4	9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	1006	1AG4Ebh7b5dgfTHpQ8LseiGdv9hhTAM3gi	3634598	71dd6b6b7cce3fe3526366d9d575907d2777ad409f753b9e0934dcd7947006d5	1498833801000
5	850c9bfa-c06b-478d-a22b-998801c84871	1008	122fP7wKLwKKFh5BuY36J1gK5yv1GLanBo	3609509	672838be367d75c7a1d90079db261f0169cc801bbb1ccb962eff7e08f5bdcd85	1487268677000
6	9871538a-5432-4974-a090-b1d6eb1de940	1009	19MwtAK6fm1Kp6CPM82wchHrDHD833U8v5	17224594	271f0c308c25458a382d09e9395cefbb2ac311a67192685b7b3b624f4648f78c	1500323325000
7	9311dcd4-231f-4563-ac68-8fc07dcbf7b9	1010	1EALWhHzxWmd6KmtwTx4Sib1pge7FGhX1R	1967721	5ac061aaa22b64d0a854f5a322f674a5ca617bd379a7cb490e8b75a9f4d3368e	1495477446000
8	850c9bfa-c06b-478d-a22b-998801c84871	1011	1G6neTh9QYpVqatNgB7h6TZumUsj2eoft3	1890004	5057459c3b04b517f009871e990e35d2c756c9c9a24534a6f6c06dd35b73c18e	1487494639000
9	0e013514-bc0d-447b-ac6c-69f4ad87ef98	1015	19S4HWs8TTSo13WefvLEc17mT5vcKRNe8n	4129621	ef7e7e7bcc03aedafc178c2d036ee547f00c641e079bcc2228b63558aa525c3b	1498300545000
10	36498eb2-32c0-4f81-a1fd-73d87ba51326	1016	1LggV4j5ZcxQeGBdnDuWpRf5taMdVxWobY	3762490	48d3b3ff30e77a4d4d04d6ae4addadc5b47a9107709bbbe5685dd1a20aa4ab64	1475213814000
11	850c9bfa-c06b-478d-a22b-998801c84871	1017	1H4mY2R7gZBKbQ7uNaf7u3G1ro5W9UKAE9	8267805	ae925acf09afd8341ae927447b69c351aee58f57394d611476534baa4d6cbd63	1495384227000
12	4c2dc6ab-b59e-4776-a573-c24a058aea1d	1018	15aNBwCLNxvdxhHXnZNpuNWWLERceeUg1L	17265199	d61796c9085b62e7daa855bfb3ec2d59b2ea5f889b1c0c3f56d9fe7b37c5e12a	1499856170000
13	850c9bfa-c06b-478d-a22b-998801c84871	1019	16BYRaARHYuUCDunZX7nfaKg8Jd6iUmVYA	17129940	49652c8d0162fcf68a1b6d7725deeee1562d941515d4dc9ffc689b91a6b489f2	1470888257000
14	2fcdaf8a-aad9-4ee4-ac4b-bc8e231f90b9	1020	1Befj9igxnpxLKotfAGUZ8PiSvtYA4WNAM	11358120	444ce92678c9aa435ea1efeb393d403ddf6e39f9ef21b80f0d72913780e18600	1476441817000
15	9311dcd4-231f-4563-ac68-8fc07dcbf7b9	1024	15cHHQR1at2GBk11ifJdXGAMTNyxRAjbps	15675177	98c87957a8eae1ddb1c9c6ccbeb8ed9b94459f38d7af5e0801fb743aeb77b765	1495134323000
16	4c2dc6ab-b59e-4776-a573-c24a058aea1d	1026	1K6MbUqDY7Dg6o9HSmxC8EK1mKfZNAwecy	17265199	91e706cafe00731bf10fcbad3864df685d76fd4f373707e7424dfe77006e1517	1498859820000
17	36498eb2-32c0-4f81-a1fd-73d87ba51326	1028	1LkwFiJoAny3G4oZp6Kbo2m5RFyDqefCJB	13361032	dc02aebfac8078546a356184b63abb2e140c972cf1d88ceb1c9658363421cba2	1493430766000
18	850c9bfa-c06b-478d-a22b-998801c84871	1033	1HGawar49WboQLfM73g5NcBuvxNFCExHgo	6010464	ceef2996aafbcb4a7f56e2c4630ba5903dc3121e6ff6ce2017715d34ebff6a7b	1470044156000
19	850c9bfa-c06b-478d-a22b-998801c84871	1035	18YKraix73pkPDTyfA196a5xYDBd2HQCLD	5670014	2decd2b8d33ccb0e2cd9f496e62eee9a6f2e2200d9061e21080c5255fc960b4f	1482962185000
20	36498eb2-32c0-4f81-a1fd-73d87ba51326	1036	1BCwbJnq5yFz8mf5QmEcL1x4aHzWKBCYo3	24705967	c02ed22d6cac5182e94db2ad5c9a80bf7a5a552b25177fee75d2b77d56df097c	1492725558000
21	b01e0eaf-a8c3-47e9-a9e8-a28a6844d11f	1038	1Bs8ZYNvwinjtamhnSFfvbwbBvoS5RwAuk	6260900	dd62a9f6b1ab438a210c05f56d045ecca63bd3fddeaf1af5562cce1e1b06ab5c	1493907491000
22	60262aa2-cf7d-4fb7-a5a1-51bd9b793822	1039	1H8MWkmFTxoeqwWA27V4KoNaunQv2x6ge9	5442770	c01bbcfc15c609c987320f9a80e2c358ab77b6561fdd36e33e1694c6c6a90a95	1464159649000
23	55c9bf99-d517-4090-aa32-a09710cc1abc	1040	1GYSgizHaJJe2pjv1fKXAH1ZDaZiVaG7BR	2049710	eddda3a3bab2495a058508c089d4cb21bcdc1378fa8dfde2f4280d990c329520	1489736349000
24	36498eb2-32c0-4f81-a1fd-73d87ba51326	1041	1TE1D6zhzY7wddYC8guhZjw8VK2A6oKwg	3762490	97799f3bbce08acd285d2bb249295ea81f14e2525f48e3b5b8eb01db7ee313f1	1478975938000
25	9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	1042	1HkybFHffZVW9EawazBHWy3vzqg3wpMiWT	3634598	a5e837431dc8533e9eb0d090575fe5aef0835ead04fa41643094272c8e7930ca	1478697386000
26	9b4eeefa-f6a6-4073-a1f9-ad90af51ba69	1043	13enY7LeoVtjBFVj6GCVeYFwGqWxsFW9fK	7270444	cd0b9f308509934911a8ab21649c6a99632ed8d615484c49d1b79fa64a38fd51	1498289399000
27	9311dcd4-231f-4563-ac68-8fc07dcbf7b9	1044	1BjR5wh9PFp5DT5SNQYK4dko6LvKTy3C1r	5321193	b8eb8c3526e6f09d534f1ed421640593ac8fdd4a711354f703f596433db9475f	1473467920000
28	850c9bfa-c06b-478d-a22b-998801c84871	1047	1BCX4ZUrRBB3NZdLsD791BMmwxJ7Q9Xg2V	5670014	79b0b7d69b5fdb0de605bdb25df78163ec0758e41858546786bb27bc5792a8d2	1490530080000
29	55c9bf99-d517-4090-aa32-a09710cc1abc	1049	1MLjVZDcT1XzRMVYJYjST4WVzHFwcc7Uqf	7477337	f22e7c2e0e1c4bc7b07986f35dcc76bc025850dda42c490b7b9b9460b59573cf	1486137713000
30	92e34283-a6ac-42ab-a909-cc985b57150e	1050	1A1g1mZzRAsYFQDixiKkNjXiV2aGcxcxZj	17008188	c75a35d429b6a27a9f8755222729a042281d199784c356105e3c93b6e961988a	1481572303000
31	bf77f4eb-4e4a-43bf-aceb-0ea95a0c455a	1052	14G7pLcCH2SVPMwnpU3KmLFgQXFwRcmbYs	17026896	a47193d424222899d0b7f8bca6a046998b7bd27e93dbb433b02b451b04ea5037	1494923534000
32	850c9bfa-c06b-478d-a22b-998801c84871	1055	1KarBwGBQckvPG7powuTfVnDQnyia6JzWc	780615	b1ca0f0a5a2abda3b38eda502242a08cef203beeb2c2fcbf1451a184ff9ae263	1500299131000
33	b1948030-c407-4a6b-a91e-3528cb65a261	1056	1PJgyJ4UmNGSqbmoiS3njs6zjyZNgbB6A6	3759906	95421b2a8ad494d8be4b909089095f7a8868fcb05ee098fbff407d8564b29374	1482369898000
34	36498eb2-32c0-4f81-a1fd-73d87ba51326	1058	1E8sMSJggZJ7HmGpBBRi9FamRQWxm7PksZ	398835	913c58efb8f17c41784910dd750b5d20c22470292b72d1c02e7204dc1504423c	1496520005000
35	1068e531-c0be-48d9-a160-866e20522f02	1059	1MZZFRG6Q4hU8oWh1QBJ6cR5jSHZMgxWTL	1968755	26a56f7ee2187e4c8b77ede3f29aa932f70c37e0f1a5dc7b2d330b341689d009	1480406716000
\.

ALTER TABLE ONLY public.groups
    ADD CONSTRAINT groups_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.members
    ADD CONSTRAINT members_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.vendor_profiles
    ADD CONSTRAINT vendor_profiles_pkey PRIMARY KEY (member_id);

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.purchases
    ADD CONSTRAINT purchases_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.ratings
    ADD CONSTRAINT ratings_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.private_messages
    ADD CONSTRAINT private_messages_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.deposit_addresses
    ADD CONSTRAINT deposit_addresses_pkey PRIMARY KEY (address);

ALTER TABLE ONLY public.withdrawals
    ADD CONSTRAINT withdrawals_pkey PRIMARY KEY (id);

--
-- PostgreSQL database dump complete
--
