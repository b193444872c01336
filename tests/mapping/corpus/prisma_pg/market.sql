--
-- PostgreSQL database dump
--

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public."User" (
    id uuid NOT NULL,
    "userName" text,
    "accountType" text,
    "pgpPublicKey" text,
    "emailAddress" text,
    "createdAt" timestamp(3),
    "lastSeenAt" timestamp(3)
);

COPY public."User" (id, "userName", "accountType", "pgpPublicKey", "emailAddress", "createdAt", "lastSeenAt") FROM stdin;
27dc0d9f-6613-4a03-a700-da475b301f09	magicpharm24	STAFF_ADMIN	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nBzGYuia6IcYOqKj7jK4Q9nR9QvMp4vmQQvaoDy1hybLeKZFTdE7BnNFQtlWjNydC\n+jU4LyBo6/RxU6dkejD+T8Nglub2xw==\n=6ube\n-----END PGP PUBLIC KEY BLOCK-----	\N	2016-11-08 16:37:29.000+00	2017-06-29 20:44:22.000+00
8b62ecb8-e292-45a8-a576-5a0d13c189d0	dutchvibes28	CUSTOMER	\N	\N	2016-03-18 02:44:24.000+00	2016-12-24 23:19:45.000+00
d0ca75ae-2bcd-4ae1-a7f0-1e4512dc66a3	shadowleaf53	CUSTOMER	\N	\N	2016-09-30 01:46:45.000+00	2017-05-22 12:00:50.000+00
7b834a00-0c13-4b53-acc4-f92af02a071c	rocketdealer76	STAFF_MODERATOR	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n0Map7Bpbner+2VIvNaCrTu2VMpAi8q9fpcmvZSjfJJWJtnMG+xAdTKkcVpNjgHuY\nnY+xjyzyCYtaUfKGpAL4bkaO7sFZrA==\n=izLm\n-----END PGP PUBLIC KEY BLOCK-----	rocketdealer76@mail2tor.com	2016-06-27 00:33:15.000+00	2017-05-05 14:20:03.000+00
c64922c8-7b18-41f7-a8ec-f930742c3b6a	shadowshop21	CUSTOMER	\N	shadowshop21@mail2tor.com	2016-07-23 15:50:16.000+00	2017-05-07 21:02:11.000+00
5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	darklabs75	CUSTOMER	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nroM/5UuEhTETmuArgBe4B+eu74t4SFJguihhWfqJyS1jrwpUY/vm6FT+cVvIuCmh\n82/2MELHjnGiNXcJQ+AUEE9qE4l0Ig==\n=lMDL\n-----END PGP PUBLIC KEY BLOCK-----	darklabs75@mail2tor.com	2016-02-15 10:30:40.000+00	2017-05-21 17:42:41.000+00
a4e4b252-b375-440e-a81b-499976118930	magicx98	CUSTOMER	\N	magicx98@mail2tor.com	2015-10-31 10:45:14.000+00	2016-09-20 01:37:06.000+00
6614438d-8702-4d08-ae4f-b46287208ca2	candystore15	CUSTOMER	\N	candystore15@mail2tor.com	2015-11-15 06:10:57.000+00	2017-01-25 06:31:10.000+00
7efcaf81-5aab-436c-ac70-4750579837d0	silkx70	CUSTOMER	\N	\N	2016-08-17 20:29:48.000+00	2017-05-23 13:11:58.000+00
58598a42-2af3-491c-a556-a4e911e18078	frostfox43	VENDOR	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\ndo4AgATjqVl0oHOiP4llEBvYL1eGauUY9HrfK5QrB6HvBiyxoPPNmDjKNG+bey+z\njPfcRMDDZC2LzbcKM1WRE8EelvfJMA==\n=9S5a\n-----END PGP PUBLIC KEY BLOCK-----	frostfox43@mail2tor.com	2015-11-14 19:18:16.000+00	2017-03-02 10:30:17.000+00
3626ea2f-fa1b-454d-ab48-f477a78af2a2	frostlabs78	CUSTOMER	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\naBr4BXTiv0Y37aXAOTTsGN1It5Q0V094hFNSnvezLDVrgxtnZ/4YWBhqFx7juCK8\nu9d96BK+0Oywa1eG+ACL1VmYLy7MCQ==\n=1tk8\n-----END PGP PUBLIC KEY BLOCK-----	frostlabs78@mail2tor.com	2016-02-28 00:34:41.000+00	2017-02-18 17:30:19.000+00
14ed24be-6826-4a53-a0f8-01c75a42d4db	hempleaf36	CUSTOMER	\N	\N	2016-01-18 20:00:43.000+00	2016-09-03 21:59:23.000+00
9a6e5239-a08d-4a8e-a943-359dccc83974	shadowstore42	CUSTOMER	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n7W8n7DBWsRA8wkju0vxuqrBg6pCnImUoKDKmLZg0sOPjZDL2CCFdpdphn1Gtt4kO\n0rSsBzemrn/WI4ooddOJmkssr0fRCg==\n=R9vY\n-----END PGP PUBLIC KEY BLOCK-----	\N	2016-02-23 10:01:57.000+00	2017-03-28 10:41:42.000+00
81b8e20c-6e54-4953-ab54-e9ea3af64d9c	greendealer10	CUSTOMER	\N	\N	2016-01-28 06:05:52.000+00	2017-05-09 01:10:59.000+00
1f79ddfe-b1ba-4baf-a74d-394e289dee27	kingstore78	CUSTOMER	\N	kingstore78@mail2tor.com	2016-07-12 20:02:36.000+00	2017-06-21 15:52:13.000+00
461f25d5-edfe-4d74-a405-738c734c848c	greenman87	CUSTOMER	\N	greenman87@mail2tor.com	2015-11-05 06:36:57.000+00	2017-03-10 12:04:25.000+00
4a23e5ed-905b-4be5-a64e-670712f5de27	drvibes43	CUSTOMER	\N	drvibes43@mail2tor.com	2016-01-07 07:03:07.000+00	2016-12-17 09:45:57.000+00
0a04e244-b571-4be0-a9b1-2821c1c66581	rocketstore73	VENDOR	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nk3jEMPj4xn8pid1nCWzhV77Ay9/NuR/gTN39wimf3RM8GgFjIJh/quyK4KcYcMCG\n+q/qMY6J/LQbYGgp32vvFTyn9AzD6w==\n=YTRh\n-----END PGP PUBLIC KEY BLOCK-----	\N	2015-11-27 11:15:17.000+00	2016-11-02 20:05:54.000+00
128574f2-28ff-4563-aa64-ab824feb3db6	kingleaf76	CUSTOMER	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\ndIfEjjfXrFzuHlrda1Xk89DyMJkTYSgAbyb2hk6/L1KJVo7Ekh4rxCdrlgWfgQgd\naPjU8g2guIEiVryv8tErDX9xgM7goQ==\n=b0HT\n-----END PGP PUBLIC KEY BLOCK-----	\N	2016-09-24 07:53:39.000+00	2017-04-28 15:39:06.000+00
7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	frostfox18	VENDOR	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nXXuaTQ1oN/CsFAdQ+C3I6BavouluJndpw6EzkzGJVp8tkYyGZZNlvdgkjYxZxBdV\nyOZ8Ul2DcvjX+hatRTgZ8T3U/soZug==\n=DGAN\n-----END PGP PUBLIC KEY BLOCK-----	frostfox18@mail2tor.com	2015-12-30 12:56:18.000+00	2016-10-26 12:56:46.000+00
312545da-852f-486b-a6de-656dd06546b6	rocketx51	VENDOR	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAt0SPr3nrw4+Si8eaxsF7f8Zi1DHSmBMDwuV4wS+HAYmQ9Hv0enrUCNu3BxLRmka\nlFQx6Kpa9XGQdBnTj6AMVapmOOvsLA==\n=vOko\n-----END PGP PUBLIC KEY BLOCK-----	rocketx51@mail2tor.com	2016-03-19 13:10:34.000+00	2017-04-18 16:49:27.000+00
76316fb7-5c3d-428c-ad44-dba6a629b2c0	silkman60	CUSTOMER	\N	silkman60@mail2tor.com	2016-05-14 23:58:32.000+00	2017-03-12 04:20:28.000+00
07d5b170-ee3d-4011-a6ff-603798f98ee5	zenlabs89	CUSTOMER	\N	\N	2016-05-31 01:53:45.000+00	2017-02-19 10:35:35.000+00
0ee530ba-f9f9-4921-ab15-0afbda95fa87	rocketvibes37	STAFF_MODERATOR	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nIlcvPdh+YsBXzHtPlFRjjh4shCNgMttxa1SMDOyP1kGkyZH+rYN3PrEv/NGs6xsn\nUY4CHV2XLI9eOBF7ydeQU261J82cKg==\n=ISaB\n-----END PGP PUBLIC KEY BLOCK-----	rocketvibes37@mail2tor.com	2015-10-25 02:53:12.000+00	2017-03-10 18:23:51.000+00
45193d47-94ca-4f4a-a611-b87780ec3024	moonx53	VENDOR	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nSFod6p3Bwqo7QjiVfMgu5YLAf3W5BRVvT1pzoRc/5oneGXMMn9oFZeZBqq/U+Xx1\nDvLYziErO9oKcLSr0m+zcOpfYlxsNQ==\n=yTVJ\n-----END PGP PUBLIC KEY BLOCK-----	moonx53@mail2tor.com	2016-01-21 01:53:49.000+00	2017-05-12 04:14:54.000+00
3a3973fb-69d9-44ad-a646-5e12bcfaf36d	greenshop24	VENDOR	-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nu2bxwJuiPcc6EGEUBwmWNxjVOpBK5+t4XgKSyjjQyaIxb3NEfu0loR4pCyCyckEF\nVF0bw52WqevLh1wpa27UlVi7r8mhTQ==\n=BqOJ\n-----END PGP PUBLIC KEY BLOCK-----	\N	2015-12-12 01:22:03.000+00	2016-10-09 23:57:08.000+00
\.

CREATE TABLE public."Category" (
    id integer,
    name text,
    "parentId" integer
);

COPY public."Category" (id, name, "parentId") FROM stdin;
1	Drugs	\N
2	Cannabis	1
3	Weed	2
4	Hash	2
5	Edibles	2
6	Stimulants	1
7	Cocaine	6
8	Speed	6
9	MDMA	6
10	Opioids	1
11	Oxycodone	10
12	Digital	\N
13	Guides	12
14	Tutorials	13
\.

CREATE TABLE public."Listing" (
    id uuid,
    "vendorId" uuid,
    title text,
    description text,
    "categoryId" integer,
    "priceUsd" numeric(10,2),
    "shipsFrom" text,
    "shipsTo" text,
    "createdAt" timestamp(3)
);

COPY public."Listing" (id, "vendorId", title, description, "categoryId", "priceUsd", "shipsFrom", "shipsTo", "createdAt") FROM stdin;
b9880fcf-d5a6-4663-aceb-f7e7f4905e36	58598a42-2af3-491c-a556-a4e911e18078	28g Colombian Cocaine 90%	Colombian Cocaine 90% from frostfox43. Vacuum sealed, tracked.	7	204.48	Canada	Europe	2017-01-10 06:09:03.000+00
c78e347a-e804-477d-ac48-8eef5a27c1ac	0a04e244-b571-4be0-a9b1-2821c1c66581	Stealth Shipping Guide	Stealth Shipping Guide from rocketstore73. Vacuum sealed, tracked.	14	95.37	Netherlands	Europe	2017-04-16 15:49:45.000+00
a215310a-817a-45f4-a0d4-0ba431e5921e	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	100g Speed Pills	Speed Pills from frostfox18. Vacuum sealed, tracked.	8	21.95	Canada	Europe	2017-06-18 10:52:01.000+00
adbcd481-5c09-4fae-ac6c-7892c147249d	312545da-852f-486b-a6de-656dd06546b6	28g Colombian Cocaine 90%	Colombian Cocaine 90% from rocketx51. Vacuum sealed, tracked.	7	169.91	Germany	Worldwide	2016-08-24 21:39:18.000+00
60bcd134-c2a1-4a1c-a097-6a9ef66fd9de	45193d47-94ca-4f4a-a611-b87780ec3024	10g Blue Punisher XTC	Blue Punisher XTC from moonx53. Vacuum sealed, tracked.	9	59.10	Spain	Europe	2016-04-05 16:20:08.000+00
40d659d6-7b30-4e15-a9d0-ee5f7ac0666b	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	5g Amphetamine Paste	Amphetamine Paste from greenshop24. Vacuum sealed, tracked.	8	231.62	Spain	Europe	2017-01-02 15:13:46.000+00
89016363-907b-4410-a61c-b79b00b36125	58598a42-2af3-491c-a556-a4e911e18078	10g THC Gummies	THC Gummies from frostfox43. Vacuum sealed, tracked.	5	229.86	Spain	Germany	2016-03-10 19:30:50.000+00
8e8f105d-7acd-49bc-a5b3-798e117ade66	0a04e244-b571-4be0-a9b1-2821c1c66581	28g OG Kush	OG Kush from rocketstore73. Vacuum sealed, tracked.	3	153.07	Netherlands	United States	2016-07-06 01:10:22.000+00
88cb49e0-c7d6-4a1c-a849-f53cef848852	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	10g THC Gummies	THC Gummies from frostfox18. Vacuum sealed, tracked.	5	169.04	Germany	United States	2016-07-11 00:32:06.000+00
b5dd225e-b6da-4a0a-ae6a-b8986f4a81ed	312545da-852f-486b-a6de-656dd06546b6	100g THC Gummies	THC Gummies from rocketx51. Vacuum sealed, tracked.	5	116.15	Spain	United States	2017-04-22 18:49:04.000+00
061e484c-2395-4269-a8a1-676fcf573c82	45193d47-94ca-4f4a-a611-b87780ec3024	Stealth Shipping Guide	Stealth Shipping Guide from moonx53. Vacuum sealed, tracked.	14	146.95	Netherlands	Europe	2016-04-09 05:21:12.000+00
ce6cd8f8-934f-475c-a7ff-47c32b09d5a9	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	1g Afghan Black	Afghan Black from greenshop24. Vacuum sealed, tracked.	4	5.61	Canada	Worldwide	2017-01-15 15:09:12.000+00
ce2510a3-3d7e-4c7b-a3dc-2ab401374e8d	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	1g Blue Punisher XTC	Blue Punisher XTC from greenshop24. Vacuum sealed, tracked.	9	105.82	United Kingdom	Germany	2016-04-02 17:59:01.000+00
8450aafc-27fb-46a5-a167-7ff45cab93d5	45193d47-94ca-4f4a-a611-b87780ec3024	5g Blue Punisher XTC	Blue Punisher XTC from moonx53. Vacuum sealed, tracked.	9	149.66	United Kingdom	Worldwide	2016-05-15 01:01:49.000+00
cdf87b9a-b082-4e52-a009-aff544f1c7c1	58598a42-2af3-491c-a556-a4e911e18078	5g MDMA Crystal	MDMA Crystal from frostfox43. Vacuum sealed, tracked.	9	201.89	Germany	United States	2016-12-24 22:23:44.000+00
bdc6d986-c79f-42a1-a4e6-7f0ae6008d62	312545da-852f-486b-a6de-656dd06546b6	100g Afghan Black	Afghan Black from rocketx51. Vacuum sealed, tracked.	4	13.59	United Kingdom	United States	2016-08-13 05:10:17.000+00
e4ffe9e4-6d6c-463a-a4b7-4f56752694cd	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	10g Moroccan Hash	Moroccan Hash from frostfox18. Vacuum sealed, tracked.	4	50.76	Germany	United States	2016-08-05 00:36:51.000+00
3fbbe2a6-610e-4d05-a6c2-90d2ef5f3299	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	28g Oxycodone 30mg	Oxycodone 30mg from frostfox18. Vacuum sealed, tracked.	11	108.49	Netherlands	Worldwide	2016-03-16 01:35:12.000+00
08951c6e-2f1f-49eb-ae5d-11a36c52811d	58598a42-2af3-491c-a556-a4e911e18078	28g Colombian Cocaine 90%	Colombian Cocaine 90% from frostfox43. Vacuum sealed, tracked.	7	221.88	Spain	Germany	2016-10-25 13:29:34.000+00
665dabcb-324c-41a6-a758-687ef6a0baac	45193d47-94ca-4f4a-a611-b87780ec3024	10g Blue Punisher XTC	Blue Punisher XTC from moonx53. Vacuum sealed, tracked.	9	141.69	Germany	Worldwide	2017-02-28 05:07:04.000+00
bb0648f9-82f7-4013-a97e-df4f03c31996	0a04e244-b571-4be0-a9b1-2821c1c66581	28g THC Gummies	THC Gummies from rocketstore73. Vacuum sealed, tracked.	5	178.00	Netherlands	Worldwide	2016-10-05 01:38:40.000+00
242ad0be-abad-461d-ac4c-9d3d45af1429	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	100g Super Lemon Haze	Super Lemon Haze from frostfox18. Vacuum sealed, tracked.	3	232.53	United Kingdom	Europe	2016-03-20 12:33:18.000+00
58507356-235f-421d-a1e9-cf4bbcd750e5	0a04e244-b571-4be0-a9b1-2821c1c66581	1g Space Brownies	Space Brownies from rocketstore73. Vacuum sealed, tracked.	5	13.95	United Kingdom	Worldwide	2017-04-29 23:57:44.000+00
76c787a8-e42e-460e-a460-dbccd9c82273	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	5g Peruvian Flake	Peruvian Flake from frostfox18. Vacuum sealed, tracked.	7	160.59	United Kingdom	Europe	2016-06-25 10:23:16.000+00
b11d3c09-f139-4ffa-a035-61ea4e27aeb4	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	28g Colombian Cocaine 90%	Colombian Cocaine 90% from frostfox18. Vacuum sealed, tracked.	7	53.16	United States	Europe	2016-09-16 11:14:25.000+00
831b226e-a4ed-413d-a2fe-e19470f60063	0a04e244-b571-4be0-a9b1-2821c1c66581	5g Afghan Black	Afghan Black from rocketstore73. Vacuum sealed, tracked.	4	161.86	United States	Germany	2017-06-21 21:32:11.000+00
6f21b431-a7b5-4745-a7eb-6ec8f89e8bf0	58598a42-2af3-491c-a556-a4e911e18078	100g Speed Pills	Speed Pills from frostfox43. Vacuum sealed, tracked.	8	102.22	Netherlands	Europe	2016-06-12 09:33:07.000+00
6bb0c30f-62d3-4ecf-a4c4-f6fee66456c5	0a04e244-b571-4be0-a9b1-2821c1c66581	5g Blue Punisher XTC	Blue Punisher XTC from rocketstore73. Vacuum sealed, tracked.	9	32.62	Spain	Europe	2016-04-08 17:00:56.000+00
dc69dbe7-3cfc-4d9f-a71e-c6d5d90c4281	45193d47-94ca-4f4a-a611-b87780ec3024	Stealth Shipping Guide	Stealth Shipping Guide from moonx53. Vacuum sealed, tracked.	14	55.34	United Kingdom	Worldwide	2016-03-02 00:56:54.000+00
03332292-c706-40de-ad3e-5cc2c9b82cb7	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	28g Super Lemon Haze	Super Lemon Haze from greenshop24. Vacuum sealed, tracked.	3	187.89	Canada	Europe	2017-04-04 03:46:19.000+00
\.

CREATE TABLE public."Order" (
    id integer,
    "listingId" uuid,
    "buyerId" uuid,
    quantity integer,
    "totalUsd" numeric(10,2),
    status text,
    "shippingAddress" text,
    "createdAt" timestamp(3)
);

COPY public."Order" (id, "listingId", "buyerId", quantity, "totalUsd", status, "shippingAddress", "createdAt") FROM stdin;
1	b11d3c09-f139-4ffa-a035-61ea4e27aeb4	6614438d-8702-4d08-ae4f-b46287208ca2	1	53.16	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nwiB2CzqmmlF14ZIoS1bvFQ71JA505Y7Bw0h/iuRzOnFrQH48uEtOzQ==\n=oT2O\n-----END PGP MESSAGE-----	2016-12-28 01:06:49.000+00
2	e4ffe9e4-6d6c-463a-a4b7-4f56752694cd	1f79ddfe-b1ba-4baf-a74d-394e289dee27	3	152.28	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nd3g0Ru4Jk5jXe0FSIUo1rdEGT/lNzbmwMmOmCxNa+IHfGGkQ8mJ7lA==\n=u7yt\n-----END PGP MESSAGE-----	2016-09-23 09:13:55.000+00
3	b9880fcf-d5a6-4663-aceb-f7e7f4905e36	9a6e5239-a08d-4a8e-a943-359dccc83974	1	204.48	CANCELLED	-----BEGIN PGP MESSAGE-----\n\nZFDsYp2GoRokZMpaBU+/aylU8YMsF4LVFt1mgFlHHhnNpOpdpESgHA==\n=y6Ly\n-----END PGP MESSAGE-----	2017-03-24 12:01:03.000+00
4	bdc6d986-c79f-42a1-a4e6-7f0ae6008d62	1f79ddfe-b1ba-4baf-a74d-394e289dee27	3	40.76	DISPUTED	-----BEGIN PGP MESSAGE-----\n\nelh+P+Tz1pnhf5jEbjR3I22JJBhcg+b9bLWfSxDGTw5j8C6Z84PsuQ==\n=inPZ\n-----END PGP MESSAGE-----	2016-11-03 14:29:59.000+00
5	6f21b431-a7b5-4745-a7eb-6ec8f89e8bf0	81b8e20c-6e54-4953-ab54-e9ea3af64d9c	2	204.45	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nym8GXVwVDLlnNxwfPirA9eLSy0Wrt5pWQ5E+xNbzJ+LrBJ366vzNXQ==\n=ICxF\n-----END PGP MESSAGE-----	2017-05-02 09:55:11.000+00
6	6f21b431-a7b5-4745-a7eb-6ec8f89e8bf0	14ed24be-6826-4a53-a0f8-01c75a42d4db	1	102.22	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nhkA3UIuUTcvWbKlJQK2kaWMCvYydSHq+F7gRLPNOssIomy3PFjl2vg==\n=Bg0Z\n-----END PGP MESSAGE-----	2017-06-22 14:43:21.000+00
7	bdc6d986-c79f-42a1-a4e6-7f0ae6008d62	3626ea2f-fa1b-454d-ab48-f477a78af2a2	1	13.59	SHIPPED	-----BEGIN PGP MESSAGE-----\n\nlW1ktaw5RG5CsainoUfSFhG9ANF3UOpf+ReUd1REOtGFNCumFuV6fA==\n=FQly\n-----END PGP MESSAGE-----	2016-11-12 12:07:29.000+00
8	e4ffe9e4-6d6c-463a-a4b7-4f56752694cd	c64922c8-7b18-41f7-a8ec-f930742c3b6a	2	101.52	COMPLETED	-----BEGIN PGP MESSAGE-----\n\njbL7HOk4bn6/SFZMWatMrzZ8OEfNgNzvhd9EJGyQLs2G2D7kIO+miw==\n=Qv6b\n-----END PGP MESSAGE-----	2017-02-08 18:11:17.000+00
9	242ad0be-abad-461d-ac4c-9d3d45af1429	9a6e5239-a08d-4a8e-a943-359dccc83974	2	465.06	REFUNDED	-----BEGIN PGP MESSAGE-----\n\nkJ/02UDoE5g8El311MBbZak0+WdT/lZr0uQaPtjXlsPgSOB5NW52Xw==\n=1GN/\n-----END PGP MESSAGE-----	2017-06-26 20:28:45.000+00
10	dc69dbe7-3cfc-4d9f-a71e-c6d5d90c4281	76316fb7-5c3d-428c-ad44-dba6a629b2c0	1	55.34	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nwGDVG78V6V2RHAD3VhqdBHk/+LkOXFipEjStWHp3WMCytpbBm5shuQ==\n=pazb\n-----END PGP MESSAGE-----	2017-05-18 18:24:06.000+00
11	b11d3c09-f139-4ffa-a035-61ea4e27aeb4	76316fb7-5c3d-428c-ad44-dba6a629b2c0	1	53.16	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nLIOdAqqsV94RZsk/0+yqZ+HO71jNnod3pVbsNmMz+wyCTb9hjh90Lg==\n=Z/H7\n-----END PGP MESSAGE-----	2017-02-14 08:57:19.000+00
12	89016363-907b-4410-a61c-b79b00b36125	7efcaf81-5aab-436c-ac70-4750579837d0	1	229.86	AWAITING_PAYMENT	-----BEGIN PGP MESSAGE-----\n\n6TZaQyLvLAxDBX1cMSPMFhphwwa6GxEWfz5/wbcLybtVQ4hrGvNt+A==\n=JwKY\n-----END PGP MESSAGE-----	2017-04-20 17:18:44.000+00
13	b11d3c09-f139-4ffa-a035-61ea4e27aeb4	a4e4b252-b375-440e-a81b-499976118930	3	159.47	SHIPPED	-----BEGIN PGP MESSAGE-----\n\n5hOnE+hEmpVWEPCCue35Hkc+xdyvGReKrqKHTzMyxwnX+gTd824hZA==\n=UQhV\n-----END PGP MESSAGE-----	2017-04-02 13:57:29.000+00
14	89016363-907b-4410-a61c-b79b00b36125	d0ca75ae-2bcd-4ae1-a7f0-1e4512dc66a3	1	229.86	IN_ESCROW	-----BEGIN PGP MESSAGE-----\n\nTBI0iabgFYSSabIsHN5xi6bFEYACKO24+lw7sau3yzoGoIoYJ5m1kw==\n=iPUp\n-----END PGP MESSAGE-----	2016-08-10 05:31:19.000+00
15	b5dd225e-b6da-4a0a-ae6a-b8986f4a81ed	6614438d-8702-4d08-ae4f-b46287208ca2	1	116.15	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nNckDVl+3tM2Y7ZYMATvIjRNVi2jvXMdaqpDYYfYlzzk5961L1jbhWw==\n=ptqf\n-----END PGP MESSAGE-----	2017-06-05 10:35:45.000+00
16	ce2510a3-3d7e-4c7b-a3dc-2ab401374e8d	3626ea2f-fa1b-454d-ab48-f477a78af2a2	1	105.82	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nAZR9DFe6SEvrBK1JoN1erGR7rhNElgqgjeSqJ3frZ6CS5Vrs32uE7A==\n=xyaX\n-----END PGP MESSAGE-----	2016-09-26 05:36:54.000+00
17	242ad0be-abad-461d-ac4c-9d3d45af1429	461f25d5-edfe-4d74-a405-738c734c848c	1	232.53	COMPLETED	-----BEGIN PGP MESSAGE-----\n\ndiiQooiHEb9ZUz5M3fy8h/u/M4P5JMYXXXskmbQa2nk3ASMggRu0pw==\n=7gv1\n-----END PGP MESSAGE-----	2017-05-01 16:30:27.000+00
18	831b226e-a4ed-413d-a2fe-e19470f60063	128574f2-28ff-4563-aa64-ab824feb3db6	3	485.58	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nULCmCJFVoSiHDsqAamBW4A6x+b+CLGYERSVEHFlPYZNxguGFEgjn7g==\n=o8uY\n-----END PGP MESSAGE-----	2017-06-25 10:42:50.000+00
19	76c787a8-e42e-460e-a460-dbccd9c82273	3626ea2f-fa1b-454d-ab48-f477a78af2a2	3	481.78	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nos0hwW4wgwVMKAtky4klThEXEfNdH5Tl5Fj+RHn+VWuH7d4bGhym/A==\n=Focp\n-----END PGP MESSAGE-----	2016-07-31 04:04:17.000+00
20	6f21b431-a7b5-4745-a7eb-6ec8f89e8bf0	14ed24be-6826-4a53-a0f8-01c75a42d4db	3	306.67	REFUNDED	-----BEGIN PGP MESSAGE-----\n\nHOf0j2sMYpKugwDX8cNqEDshllUX4zm79f75J7gqyslFpRDmBAUTQQ==\n=qIih\n-----END PGP MESSAGE-----	2016-10-06 10:43:37.000+00
21	c78e347a-e804-477d-ac48-8eef5a27c1ac	9a6e5239-a08d-4a8e-a943-359dccc83974	2	190.74	DISPUTED	-----BEGIN PGP MESSAGE-----\n\nvZ7kGRmOWeBbEjeRq6ZEh3fNPMmgbGfi6EimfwAQ7buy4YWyeuE4Fw==\n=0Q69\n-----END PGP MESSAGE-----	2017-04-20 23:24:02.000+00
22	831b226e-a4ed-413d-a2fe-e19470f60063	9a6e5239-a08d-4a8e-a943-359dccc83974	1	161.86	CANCELLED	-----BEGIN PGP MESSAGE-----\n\nh9qWoSlhnqmiBJMisd8HpRY6ZzJ1jYvGDohRmgNWtLPbZ1unI1Gb6Q==\n=Mv/D\n-----END PGP MESSAGE-----	2017-06-24 02:50:16.000+00
23	665dabcb-324c-41a6-a758-687ef6a0baac	76316fb7-5c3d-428c-ad44-dba6a629b2c0	1	141.69	AWAITING_PAYMENT	-----BEGIN PGP MESSAGE-----\n\n5s92/G/2NmoRBEkbUy+ol7WAJG3KcqHaqR/LnZx/5rI7DN5tfBEp5Q==\n=Mukr\n-----END PGP MESSAGE-----	2017-06-02 16:19:14.000+00
24	061e484c-2395-4269-a8a1-676fcf573c82	5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	3	440.86	COMPLETED	-----BEGIN PGP MESSAGE-----\n\n5qg27goTErf49vlm7Y6QTJ56gokS2lNyV6HiP8yMxKEnOBhOKVAoiA==\n=k9aH\n-----END PGP MESSAGE-----	2017-04-24 19:05:23.000+00
25	831b226e-a4ed-413d-a2fe-e19470f60063	4a23e5ed-905b-4be5-a64e-670712f5de27	1	161.86	SHIPPED	-----BEGIN PGP MESSAGE-----\n\nSQtFx9w2PB7qmz2xWvLKsqZOSW81yGVllIiuO0tDeNn71fV+zj3Aew==\n=HPbK\n-----END PGP MESSAGE-----	2017-06-27 18:05:08.000+00
26	831b226e-a4ed-413d-a2fe-e19470f60063	8b62ecb8-e292-45a8-a576-5a0d13c189d0	3	485.58	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nd1/Wl0T3MNU53I6KfKBoGg2WPD23S8QW132QpZ+oCrD1uKc/2cKFUw==\n=t8mE\n-----END PGP MESSAGE-----	2017-06-26 21:57:00.000+00
27	8450aafc-27fb-46a5-a167-7ff45cab93d5	a4e4b252-b375-440e-a81b-499976118930	2	299.32	DISPUTED	-----BEGIN PGP MESSAGE-----\n\n3BSX20x1CVdzA3ly83O0D06JQkpk7Fqysd7dg+z3jK9Pj/Xk2zgLPw==\n=TB7i\n-----END PGP MESSAGE-----	2016-10-25 17:26:03.000+00
28	03332292-c706-40de-ad3e-5cc2c9b82cb7	7efcaf81-5aab-436c-ac70-4750579837d0	2	375.78	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nxqzZKgU8NKIIECO5VwUyy9goXylAkysLp6E2OtMHpWBt4wOBz0Y1pQ==\n=qUmM\n-----END PGP MESSAGE-----	2017-04-08 01:52:46.000+00
29	e4ffe9e4-6d6c-463a-a4b7-4f56752694cd	07d5b170-ee3d-4011-a6ff-603798f98ee5	1	50.76	IN_ESCROW	-----BEGIN PGP MESSAGE-----\n\nYNX6Qi01zgRsfGTeimEOb6WgZlnZh3K/MFylepiMwl1XfiKX67WDZA==\n=wllI\n-----END PGP MESSAGE-----	2016-12-31 11:07:08.000+00
30	c78e347a-e804-477d-ac48-8eef5a27c1ac	07d5b170-ee3d-4011-a6ff-603798f98ee5	2	190.74	SHIPPED	-----BEGIN PGP MESSAGE-----\n\nBipJLRD4wPOEWtOAdgyfQXnUf8B9upPELpiE5ZXasoMIKd6HLs4gUg==\n=mayh\n-----END PGP MESSAGE-----	2017-06-17 13:45:13.000+00
31	ce6cd8f8-934f-475c-a7ff-47c32b09d5a9	128574f2-28ff-4563-aa64-ab824feb3db6	1	5.61	AWAITING_PAYMENT	-----BEGIN PGP MESSAGE-----\n\nSGBQcj1veLeM09mk46pPYwrOcvsRVp1HjpTgfpoPixk2Yv8wkA0l6Q==\n=FJbc\n-----END PGP MESSAGE-----	2017-02-08 19:36:37.000+00
32	dc69dbe7-3cfc-4d9f-a71e-c6d5d90c4281	76316fb7-5c3d-428c-ad44-dba6a629b2c0	3	166.03	CANCELLED	-----BEGIN PGP MESSAGE-----\n\nfxk8DGTYYe3TcHXt4WniwfGwfyH7ZdAqFtwakEC/7pIChgkoG0vv/g==\n=UCwE\n-----END PGP MESSAGE-----	2016-08-08 10:22:50.000+00
33	88cb49e0-c7d6-4a1c-a849-f53cef848852	8b62ecb8-e292-45a8-a576-5a0d13c189d0	1	169.04	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nq7goXw9Eta65bBMen+XEtk5e06Bosd0MfWmpPq/MQ7r1ATGuaV1Yzg==\n=Jcx3\n-----END PGP MESSAGE-----	2016-07-21 09:35:56.000+00
34	89016363-907b-4410-a61c-b79b00b36125	461f25d5-edfe-4d74-a405-738c734c848c	3	689.59	IN_ESCROW	-----BEGIN PGP MESSAGE-----\n\n+0UG0s+2acslzK9BS05JxuHoDBp8q7pKOSi2hP5JOwBGsaOusdFmGQ==\n=oc/u\n-----END PGP MESSAGE-----	2016-07-09 07:44:56.000+00
35	b11d3c09-f139-4ffa-a035-61ea4e27aeb4	c64922c8-7b18-41f7-a8ec-f930742c3b6a	3	159.47	COMPLETED	-----BEGIN PGP MESSAGE-----\n\ngULh67E39WaykfCPArx4ESC89qkWgCOkqts4p3PUmtunq/zqw86U1w==\n=Xi/8\n-----END PGP MESSAGE-----	2016-12-19 21:56:25.000+00
36	40d659d6-7b30-4e15-a9d0-ee5f7ac0666b	a4e4b252-b375-440e-a81b-499976118930	3	694.86	COMPLETED	-----BEGIN PGP MESSAGE-----\n\n7rMP4S7e+Bl9DkjArW6WiFy2FtEvUMkX1WzYiGSeIpI+2jkC/30EBQ==\n=b8St\n-----END PGP MESSAGE-----	2017-04-04 21:59:18.000+00
37	b9880fcf-d5a6-4663-aceb-f7e7f4905e36	9a6e5239-a08d-4a8e-a943-359dccc83974	2	408.96	SHIPPED	-----BEGIN PGP MESSAGE-----\n\nizInIv+UWESfPIXiKCTEyop3eeezv1mtx9YWDZHp8Fuk4MsEWHhMnw==\n=iKCy\n-----END PGP MESSAGE-----	2017-01-11 01:48:22.000+00
38	88cb49e0-c7d6-4a1c-a849-f53cef848852	128574f2-28ff-4563-aa64-ab824feb3db6	1	169.04	REFUNDED	-----BEGIN PGP MESSAGE-----\n\nUHBxk4rY8AvDyYn+J+LKxu49awiP4hAzui59BWr+7m3EnxW1ebJnfA==\n=xPCc\n-----END PGP MESSAGE-----	2017-04-13 14:18:11.000+00
39	061e484c-2395-4269-a8a1-676fcf573c82	3626ea2f-fa1b-454d-ab48-f477a78af2a2	1	146.95	REFUNDED	-----BEGIN PGP MESSAGE-----\n\nuxN2rjHHSyhoz4rJztJXIey5X8EEZKHasyGg5V0O009z4QAR4WHg+w==\n=SojT\n-----END PGP MESSAGE-----	2016-05-19 07:00:49.000+00
40	dc69dbe7-3cfc-4d9f-a71e-c6d5d90c4281	6614438d-8702-4d08-ae4f-b46287208ca2	1	55.34	REFUNDED	-----BEGIN PGP MESSAGE-----\n\nxCIFpP1tmaxztM+GoICIfaiIdoK+BlFDkkZ0VmNLh7sVGUk3bLFCOA==\n=QzUp\n-----END PGP MESSAGE-----	2017-03-12 07:39:09.000+00
41	ce2510a3-3d7e-4c7b-a3dc-2ab401374e8d	d0ca75ae-2bcd-4ae1-a7f0-1e4512dc66a3	1	105.82	COMPLETED	-----BEGIN PGP MESSAGE-----\n\ngR9gzl3C9DuA41Qj29vJDNMHnDDvO9QCef85ZWHh2YIJeyxMFjTgmw==\n=BK0B\n-----END PGP MESSAGE-----	2016-10-28 18:38:58.000+00
42	6f21b431-a7b5-4745-a7eb-6ec8f89e8bf0	76316fb7-5c3d-428c-ad44-dba6a629b2c0	1	102.22	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nUaT0ymdQqB+vwcLGNKHnJz4iZs7Z7VKrG534sVrPdNy684b/02G86w==\n=PwVC\n-----END PGP MESSAGE-----	2016-11-05 13:16:26.000+00
43	b9880fcf-d5a6-4663-aceb-f7e7f4905e36	128574f2-28ff-4563-aa64-ab824feb3db6	1	204.48	COMPLETED	-----BEGIN PGP MESSAGE-----\n\n4dRXcRwR6DZGhEm5J888GKk1msbVIpgFKd+/9sYsOq3ve9LDjUAXDQ==\n=jddT\n-----END PGP MESSAGE-----	2017-06-05 07:29:59.000+00
44	8450aafc-27fb-46a5-a167-7ff45cab93d5	a4e4b252-b375-440e-a81b-499976118930	1	149.66	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nnlz0uh4/DRISh6u4oaI/s+W/gSjc3SuGFc17HmcUoeNld+mPVbo+Wg==\n=0zyZ\n-----END PGP MESSAGE-----	2016-08-30 00:38:40.000+00
45	b5dd225e-b6da-4a0a-ae6a-b8986f4a81ed	14ed24be-6826-4a53-a0f8-01c75a42d4db	1	116.15	SHIPPED	-----BEGIN PGP MESSAGE-----\n\nNQcVhrWE2IgRT1fCTmTN1CIUL4VRr2C4iH3N4J0vXBRfM3kJsE5+jg==\n=yMQF\n-----END PGP MESSAGE-----	2017-06-17 08:55:24.000+00
46	60bcd134-c2a1-4a1c-a097-6a9ef66fd9de	07d5b170-ee3d-4011-a6ff-603798f98ee5	1	59.10	SHIPPED	-----BEGIN PGP MESSAGE-----\n\nLMzHFG0LMogAs7cRiMy5LCBE3BMBSreBi6uyyhMXNn5MtB6SjYX9fA==\n=o8si\n-----END PGP MESSAGE-----	2016-04-12 19:44:03.000+00
47	b11d3c09-f139-4ffa-a035-61ea4e27aeb4	9a6e5239-a08d-4a8e-a943-359dccc83974	3	159.47	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nNQc75WUDCz98CjWYrOumMmUvaNMFmsKhA4W/fQEuiygdlXN9CFjCzA==\n=YW/N\n-----END PGP MESSAGE-----	2017-03-20 12:08:00.000+00
48	ce6cd8f8-934f-475c-a7ff-47c32b09d5a9	a4e4b252-b375-440e-a81b-499976118930	1	5.61	AWAITING_PAYMENT	-----BEGIN PGP MESSAGE-----\n\nBqeWS1rZbh0ok6qnuaM1SqEMDQTudSc1C4qCswizw///zfGPCXn+Jw==\n=3d35\n-----END PGP MESSAGE-----	2017-01-31 01:53:59.000+00
49	cdf87b9a-b082-4e52-a009-aff544f1c7c1	6614438d-8702-4d08-ae4f-b46287208ca2	1	201.89	REFUNDED	-----BEGIN PGP MESSAGE-----\n\nBdzEfxAWIMbK9YwTwAU9bF7MYlfYy58INVpS0NFaF3rdTQgAITjejQ==\n=wiCi\n-----END PGP MESSAGE-----	2017-01-22 16:01:53.000+00
50	8e8f105d-7acd-49bc-a5b3-798e117ade66	4a23e5ed-905b-4be5-a64e-670712f5de27	3	459.22	REFUNDED	-----BEGIN PGP MESSAGE-----\n\nTPIWDLM5lO/8rE6lmYNJHfd65ZIr2qJqDy5T/h5oV04rcOJlCzQqjw==\n=y/Yj\n-----END PGP MESSAGE-----	2016-11-26 19:51:43.000+00
51	89016363-907b-4410-a61c-b79b00b36125	128574f2-28ff-4563-aa64-ab824feb3db6	2	459.73	AWAITING_PAYMENT	-----BEGIN PGP MESSAGE-----\n\nQrA4ByN/t8Rt4p9IYAS4YpNC1CVgaSmObSYOtxh5OxCB+nvFJuudrg==\n=TCwE\n-----END PGP MESSAGE-----	2016-03-13 20:01:23.000+00
52	89016363-907b-4410-a61c-b79b00b36125	07d5b170-ee3d-4011-a6ff-603798f98ee5	2	459.73	REFUNDED	-----BEGIN PGP MESSAGE-----\n\n31l0mHRXGJ1oduvKtLLmdPciXe3fEwCu5eGyORZWVFyC5T612SxfLA==\n=Gz0U\n-----END PGP MESSAGE-----	2017-05-13 08:32:14.000+00
53	061e484c-2395-4269-a8a1-676fcf573c82	4a23e5ed-905b-4be5-a64e-670712f5de27	1	146.95	AWAITING_PAYMENT	-----BEGIN PGP MESSAGE-----\n\ndLzbExUPGnI5bRI12sDSdL2XvqeDTfIHvaw3/PZrlo+tO25gf5fp8A==\n=dsAZ\n-----END PGP MESSAGE-----	2017-05-28 16:57:09.000+00
54	adbcd481-5c09-4fae-ac6c-7892c147249d	a4e4b252-b375-440e-a81b-499976118930	1	169.91	DISPUTED	-----BEGIN PGP MESSAGE-----\n\n/ep0FWIkIfLQUA6lSUvD7db7H6iXUwb0rSV3O766QqULeVTQpNGxrA==\n=H/2K\n-----END PGP MESSAGE-----	2016-11-08 02:56:12.000+00
55	a215310a-817a-45f4-a0d4-0ba431e5921e	3626ea2f-fa1b-454d-ab48-f477a78af2a2	1	21.95	COMPLETED	-----BEGIN PGP MESSAGE-----\n\n+p+rqcNCoY9fdhmr70DUpFF49diRrNFSuLp58cwIh0grK3G48M0Grg==\n=VIMC\n-----END PGP MESSAGE-----	2017-06-23 13:45:31.000+00
56	e4ffe9e4-6d6c-463a-a4b7-4f56752694cd	461f25d5-edfe-4d74-a405-738c734c848c	2	101.52	REFUNDED	-----BEGIN PGP MESSAGE-----\n\ntYSezO2scA/D40Np5qeblCIGp8OS62gxjYUucdIVN4RKBIrkMrLZOg==\n=XoJu\n-----END PGP MESSAGE-----	2016-12-05 01:24:58.000+00
57	dc69dbe7-3cfc-4d9f-a71e-c6d5d90c4281	14ed24be-6826-4a53-a0f8-01c75a42d4db	1	55.34	DISPUTED	-----BEGIN PGP MESSAGE-----\n\nINFAJS97RLRDFDOMDFww4cgVbdOF170y15WeoflDoxixHf7nF7amRQ==\n=ZLDQ\n-----END PGP MESSAGE-----	2017-01-25 15:06:51.000+00
58	ce6cd8f8-934f-475c-a7ff-47c32b09d5a9	5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	2	11.22	COMPLETED	-----BEGIN PGP MESSAGE-----\n\nOQS1QiKFD3vqs5Hmzh1j0Y0eKjuW9+Fxl3cm6NkyCrjskwAuQb3VJA==\n=7I0/\n-----END PGP MESSAGE-----	2017-05-29 20:00:05.000+00
59	b11d3c09-f139-4ffa-a035-61ea4e27aeb4	1f79ddfe-b1ba-4baf-a74d-394e289dee27	1	53.16	REFUNDED	-----BEGIN PGP MESSAGE-----\n\nZ2Teq11pWUZab7Irz1pu8gzwVlTh/p/90yzUR2n+SixSFsFK4MZ9Fw==\n=sKmV\n-----END PGP MESSAGE-----	2016-11-22 08:05:16.000+00
60	adbcd481-5c09-4fae-ac6c-7892c147249d	5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	1	169.91	AWAITING_PAYMENT	-----BEGIN PGP MESSAGE-----\n\nKCBH/jgHVPR9fPwAxSJrw2uvEpzP3WI8qdBPlND/EpOCXqhu93rrxA==\n=/yK8\n-----END PGP MESSAGE-----	2016-12-21 07:33:15.000+00
\.

CREATE TABLE public."Review" (
    id integer,
    "orderId" integer,
    "authorId" uuid,
    stars integer,
    body text,
    "createdAt" timestamp(3)
);

COPY public."Review" (id, "orderId", "authorId", stars, body, "createdAt") FROM stdin;
1	1	6614438d-8702-4d08-ae4f-b46287208ca2	5	a bit light but ok	2016-12-30 01:06:49.000+00
2	2	1f79ddfe-b1ba-4baf-a74d-394e289dee27	3	arrived after 3 days	2016-09-30 09:13:55.000+00
3	4	1f79ddfe-b1ba-4baf-a74d-394e289dee27	1	meh	2016-11-05 14:29:59.000+00
4	5	81b8e20c-6e54-4953-ab54-e9ea3af64d9c	5	good comms	2017-05-05 09:55:11.000+00
5	6	14ed24be-6826-4a53-a0f8-01c75a42d4db	1	good comms	2017-07-09 14:43:21.000+00
6	8	c64922c8-7b18-41f7-a8ec-f930742c3b6a	3	great stealth, fast shipping	2017-02-27 18:11:17.000+00
7	9	9a6e5239-a08d-4a8e-a943-359dccc83974	5	never arrived	2017-07-06 20:28:45.000+00
8	10	76316fb7-5c3d-428c-ad44-dba6a629b2c0	4	top quality, will order again	2017-06-03 18:24:06.000+00
9	11	76316fb7-5c3d-428c-ad44-dba6a629b2c0	5	arrived after 3 days	2017-02-20 08:57:19.000+00
10	15	6614438d-8702-4d08-ae4f-b46287208ca2	5	arrived after 3 days	2017-06-19 10:35:45.000+00
11	16	3626ea2f-fa1b-454d-ab48-f477a78af2a2	5	top quality, will order again	2016-09-28 05:36:54.000+00
12	17	461f25d5-edfe-4d74-a405-738c734c848c	4	meh	2017-05-10 16:30:27.000+00
13	18	128574f2-28ff-4563-aa64-ab824feb3db6	4	meh	2017-07-09 10:42:50.000+00
14	19	3626ea2f-fa1b-454d-ab48-f477a78af2a2	4	good comms	2016-08-10 04:04:17.000+00
15	20	14ed24be-6826-4a53-a0f8-01c75a42d4db	5	excellent vendor, A+++	2016-10-14 10:43:37.000+00
16	21	9a6e5239-a08d-4a8e-a943-359dccc83974	5	good comms	2017-04-27 23:24:02.000+00
17	24	5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	3	excellent vendor, A+++	2017-05-12 19:05:23.000+00
18	26	8b62ecb8-e292-45a8-a576-5a0d13c189d0	4	meh	2017-07-03 21:57:00.000+00
19	27	a4e4b252-b375-440e-a81b-499976118930	3	meh	2016-11-08 17:26:03.000+00
20	28	7efcaf81-5aab-436c-ac70-4750579837d0	5	great stealth, fast shipping	2017-04-16 01:52:46.000+00
21	33	8b62ecb8-e292-45a8-a576-5a0d13c189d0	4	never arrived	2016-07-26 09:35:56.000+00
22	35	c64922c8-7b18-41f7-a8ec-f930742c3b6a	4	good comms	2016-12-29 21:56:25.000+00
23	36	a4e4b252-b375-440e-a81b-499976118930	5	never arrived	2017-04-20 21:59:18.000+00
24	38	128574f2-28ff-4563-aa64-ab824feb3db6	3	never arrived	2017-04-23 14:18:11.000+00
25	39	3626ea2f-fa1b-454d-ab48-f477a78af2a2	5	meh	2016-06-05 07:00:49.000+00
26	40	6614438d-8702-4d08-ae4f-b46287208ca2	5	excellent vendor, A+++	2017-03-19 07:39:09.000+00
27	41	d0ca75ae-2bcd-4ae1-a7f0-1e4512dc66a3	3	great stealth, fast shipping	2016-11-07 18:38:58.000+00
28	42	76316fb7-5c3d-428c-ad44-dba6a629b2c0	4	great stealth, fast shipping	2016-11-07 13:16:26.000+00
29	43	128574f2-28ff-4563-aa64-ab824feb3db6	5	great stealth, fast shipping	2017-06-17 07:29:59.000+00
30	44	a4e4b252-b375-440e-a81b-499976118930	5	a bit light but ok	2016-09-16 00:38:40.000+00
\.

CREATE TABLE public."Conversation" (
    id integer,
    "buyerId" uuid,
    "vendorId" uuid,
    subject text,
    "createdAt" timestamp(3)
);

COPY public."Conversation" (id, "buyerId", "vendorId", subject, "createdAt") FROM stdin;
1	07d5b170-ee3d-4011-a6ff-603798f98ee5	45193d47-94ca-4f4a-a611-b87780ec3024	order #46	2016-04-14 17:44:03.000+00
2	3626ea2f-fa1b-454d-ab48-f477a78af2a2	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	order #19	2016-08-01 22:04:17.000+00
3	5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	45193d47-94ca-4f4a-a611-b87780ec3024	order #24	2017-04-26 01:05:23.000+00
4	6614438d-8702-4d08-ae4f-b46287208ca2	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	order #1	2016-12-29 22:06:49.000+00
5	07d5b170-ee3d-4011-a6ff-603798f98ee5	58598a42-2af3-491c-a556-a4e911e18078	order #52	2017-05-13 10:32:14.000+00
6	461f25d5-edfe-4d74-a405-738c734c848c	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	order #56	2016-12-06 23:24:58.000+00
7	14ed24be-6826-4a53-a0f8-01c75a42d4db	58598a42-2af3-491c-a556-a4e911e18078	order #6	2017-06-23 02:43:21.000+00
8	5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	312545da-852f-486b-a6de-656dd06546b6	order #60	2016-12-21 12:33:15.000+00
9	07d5b170-ee3d-4011-a6ff-603798f98ee5	0a04e244-b571-4be0-a9b1-2821c1c66581	order #30	2017-06-17 19:45:13.000+00
10	9a6e5239-a08d-4a8e-a943-359dccc83974	0a04e244-b571-4be0-a9b1-2821c1c66581	order #21	2017-04-22 18:24:02.000+00
11	76316fb7-5c3d-428c-ad44-dba6a629b2c0	45193d47-94ca-4f4a-a611-b87780ec3024	order #32	2016-08-09 11:22:50.000+00
12	a4e4b252-b375-440e-a81b-499976118930	45193d47-94ca-4f4a-a611-b87780ec3024	order #44	2016-08-30 19:38:40.000+00
13	76316fb7-5c3d-428c-ad44-dba6a629b2c0	45193d47-94ca-4f4a-a611-b87780ec3024	order #10	2017-05-20 06:24:06.000+00
14	4a23e5ed-905b-4be5-a64e-670712f5de27	0a04e244-b571-4be0-a9b1-2821c1c66581	order #25	2017-06-28 13:05:08.000+00
15	a4e4b252-b375-440e-a81b-499976118930	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	order #48	2017-01-31 20:53:59.000+00
\.

CREATE TABLE public."Message" (
    id integer,
    "conversationId" integer,
    "senderId" uuid,
    content text,
    "createdAt" timestamp(3)
);

COPY public."Message" (id, "conversationId", "senderId", content, "createdAt") FROM stdin;
1	1	07d5b170-ee3d-4011-a6ff-603798f98ee5	hi, any news on my order?	2016-04-14 17:44:03.000+00
2	1	45193d47-94ca-4f4a-a611-b87780ec3024	-----BEGIN PGP MESSAGE-----\n\n4DMg31h6pB41WMxs7Ma4+J8/J2s6BLVBuC+37UhKlKrZgVuvOYAhHA==\n=ZqJt\n-----END PGP MESSAGE-----	2016-04-14 21:44:03.000+00
3	1	07d5b170-ee3d-4011-a6ff-603798f98ee5	hi, any news on my order?	2016-04-15 11:44:03.000+00
4	2	3626ea2f-fa1b-454d-ab48-f477a78af2a2	-----BEGIN PGP MESSAGE-----\n\nTJuK4+7zBV4hO2EbNcwWbyugRwQQwRiEH5XCVkkt+bxamKUxJ42/2w==\n=Q749\n-----END PGP MESSAGE-----	2016-08-01 22:04:17.000+00
5	2	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	-----BEGIN PGP MESSAGE-----\n\nGM3hgMWKOmlCuBquDYavlAa1ld0FgQVJX27ZscMwdtou0r/dEbJYGg==\n=zz1u\n-----END PGP MESSAGE-----	2016-08-02 20:04:17.000+00
6	2	3626ea2f-fa1b-454d-ab48-f477a78af2a2	-----BEGIN PGP MESSAGE-----\n\njJfWtbL+wFVj2sf+q9vz4VEpXSsXs4ku+Ssjne1M2OQDUg5jyV9TSQ==\n=3bH7\n-----END PGP MESSAGE-----	2016-08-04 01:04:17.000+00
7	2	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	-----BEGIN PGP MESSAGE-----\n\nJDZleiqJhEMH2MlbctgK4OvWhl6aCJXcyrxIvqpHl2EhnSMAsBWljg==\n=jYZG\n-----END PGP MESSAGE-----	2016-08-04 14:04:17.000+00
8	3	5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	-----BEGIN PGP MESSAGE-----\n\nI/AYJjYQJ6je9Nydlmy17ULV7Dp7rXzikGGDurwazfJZ4/uieh7FQw==\n=1s4Z\n-----END PGP MESSAGE-----	2017-04-26 01:05:23.000+00
9	3	45193d47-94ca-4f4a-a611-b87780ec3024	-----BEGIN PGP MESSAGE-----\n\nizgfgeMmkVhIt/4FOJItYOD/LkYFtx8K33Czd5fHyDJcgimsvnI1Ig==\n=3gJg\n-----END PGP MESSAGE-----	2017-04-26 12:05:23.000+00
10	4	6614438d-8702-4d08-ae4f-b46287208ca2	-----BEGIN PGP MESSAGE-----\n\nAezvX6uDHhXiOGWQ91w6aOd1a7mr23yWcDxV9E0T0ZmAK8CmL5eBpQ==\n=wxPD\n-----END PGP MESSAGE-----	2016-12-29 22:06:49.000+00
11	4	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	hi, any news on my order?	2016-12-30 16:06:49.000+00
12	5	07d5b170-ee3d-4011-a6ff-603798f98ee5	-----BEGIN PGP MESSAGE-----\n\ntnKniDg/xnptV4bBNNkr/rNOIYFxgCXDiIrNy6ZiSnYX3igesEKiCw==\n=/GCg\n-----END PGP MESSAGE-----	2017-05-13 10:32:14.000+00
13	5	58598a42-2af3-491c-a556-a4e911e18078	-----BEGIN PGP MESSAGE-----\n\ncewq2ALUuQEEh0g74sbgDBDhznXmaNSyg95SX8rHbpt5rDOyum4XrQ==\n=97s2\n-----END PGP MESSAGE-----	2017-05-13 14:32:14.000+00
14	6	461f25d5-edfe-4d74-a405-738c734c848c	hi, any news on my order?	2016-12-06 23:24:58.000+00
15	6	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	-----BEGIN PGP MESSAGE-----\n\nk/KOO8GKaTlNPCqdvsDsadEuoPtd+dHSrSIPCAQ/uXMxEgfOZclyCw==\n=vpnu\n-----END PGP MESSAGE-----	2016-12-07 05:24:58.000+00
16	7	14ed24be-6826-4a53-a0f8-01c75a42d4db	-----BEGIN PGP MESSAGE-----\n\nidBpUovoW5jABfsFM9dhhxtoeC2QqvxXpnH/Kx1712J+gcmPDCxKVA==\n=+Xlv\n-----END PGP MESSAGE-----	2017-06-23 02:43:21.000+00
17	7	58598a42-2af3-491c-a556-a4e911e18078	hi, any news on my order?	2017-06-23 06:43:21.000+00
18	8	5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	-----BEGIN PGP MESSAGE-----\n\nlW2i0HsGO/I+TUjNJKidLK7ylta1ViIEq32w3XPcAVcd3Ce7R5jP/w==\n=9SuP\n-----END PGP MESSAGE-----	2016-12-21 12:33:15.000+00
19	8	312545da-852f-486b-a6de-656dd06546b6	hi, any news on my order?	2016-12-21 17:33:15.000+00
20	8	5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	hi, any news on my order?	2016-12-22 20:33:15.000+00
21	8	312545da-852f-486b-a6de-656dd06546b6	hi, any news on my order?	2016-12-23 14:33:15.000+00
22	9	07d5b170-ee3d-4011-a6ff-603798f98ee5	hi, any news on my order?	2017-06-17 19:45:13.000+00
23	9	0a04e244-b571-4be0-a9b1-2821c1c66581	hi, any news on my order?	2017-06-18 18:45:13.000+00
24	9	07d5b170-ee3d-4011-a6ff-603798f98ee5	hi, any news on my order?	2017-06-19 00:45:13.000+00
25	9	0a04e244-b571-4be0-a9b1-2821c1c66581	hi, any news on my order?	2017-06-20 05:45:13.000+00
26	10	9a6e5239-a08d-4a8e-a943-359dccc83974	-----BEGIN PGP MESSAGE-----\n\n73f4bgyOaBYiLM9x0IFJ/iMNGX9Rqa56zPsQatkbkM1R9dC48Wn/iA==\n=36BB\n-----END PGP MESSAGE-----	2017-04-22 18:24:02.000+00
27	10	0a04e244-b571-4be0-a9b1-2821c1c66581	-----BEGIN PGP MESSAGE-----\n\n4ndepp6LpIr98G74501QbkZT/roGSvKiG9AZjrJVkVOSIfRf6dBAhg==\n=FwKp\n-----END PGP MESSAGE-----	2017-04-23 03:24:02.000+00
28	10	9a6e5239-a08d-4a8e-a943-359dccc83974	hi, any news on my order?	2017-04-23 06:24:02.000+00
29	11	76316fb7-5c3d-428c-ad44-dba6a629b2c0	-----BEGIN PGP MESSAGE-----\n\nAguCxi6dM3tDY7+qm4gbFt7vuQCrxEPgdJaf5UFhWnohNoBoq1mcsA==\n=AYIj\n-----END PGP MESSAGE-----	2016-08-09 11:22:50.000+00
30	11	45193d47-94ca-4f4a-a611-b87780ec3024	-----BEGIN PGP MESSAGE-----\n\ncIRCEoOa0GtFQ4M/sYmfNhhqBBVFvo/aFtd8tKU8DggebEAjyUSdGw==\n=xLhu\n-----END PGP MESSAGE-----	2016-08-09 22:22:50.000+00
31	11	76316fb7-5c3d-428c-ad44-dba6a629b2c0	hi, any news on my order?	2016-08-11 03:22:50.000+00
32	12	a4e4b252-b375-440e-a81b-499976118930	-----BEGIN PGP MESSAGE-----\n\n2efJdYlYU+4cbiKUbGWARqiZAZeFJgVKsrrxUGM+09a8ZkquiiA6Rg==\n=2ara\n-----END PGP MESSAGE-----	2016-08-30 19:38:40.000+00
33	12	45193d47-94ca-4f4a-a611-b87780ec3024	hi, any news on my order?	2016-08-30 22:38:40.000+00
34	12	a4e4b252-b375-440e-a81b-499976118930	hi, any news on my order?	2016-08-31 18:38:40.000+00
35	12	45193d47-94ca-4f4a-a611-b87780ec3024	-----BEGIN PGP MESSAGE-----\n\nO+4Gbti7D1PqoWb9XltepO7DWf0hvB59Bl2CtclXMame6JcxvbZVYA==\n=6+0z\n-----END PGP MESSAGE-----	2016-09-01 06:38:40.000+00
36	13	76316fb7-5c3d-428c-ad44-dba6a629b2c0	-----BEGIN PGP MESSAGE-----\n\nZ1kbaSR+XzW7vF+h5Ln90KLG88ANDH+Ma9giaiOJY0QaFLxRGX0jdA==\n=Uifi\n-----END PGP MESSAGE-----	2017-05-20 06:24:06.000+00
37	13	45193d47-94ca-4f4a-a611-b87780ec3024	hi, any news on my order?	2017-05-20 08:24:06.000+00
38	13	76316fb7-5c3d-428c-ad44-dba6a629b2c0	hi, any news on my order?	2017-05-21 13:24:06.000+00
39	14	4a23e5ed-905b-4be5-a64e-670712f5de27	-----BEGIN PGP MESSAGE-----\n\nOsT2sQBRVE0uh842h+hcSYRWeQlfg5lNZrPjf/Gi2z9LN5h9MCu8aA==\n=pokp\n-----END PGP MESSAGE-----	2017-06-28 13:05:08.000+00
40	14	0a04e244-b571-4be0-a9b1-2821c1c66581	-----BEGIN PGP MESSAGE-----\n\npvj4HCDSbhEH87kwP4RZadbxbyaOD7BKldyGplPS5kpEvv/jF1/MSA==\n=jxmZ\n-----END PGP MESSAGE-----	2017-06-29 05:05:08.000+00
41	14	4a23e5ed-905b-4be5-a64e-670712f5de27	-----BEGIN PGP MESSAGE-----\n\nZORRjUA/475OdXD0MDRM154C7ltH6DB6mBa2usbkWtqD+F8BO4H77w==\n=HgfE\n-----END PGP MESSAGE-----	2017-06-30 06:05:08.000+00
42	14	0a04e244-b571-4be0-a9b1-2821c1c66581	hi, any news on my order?	2017-06-30 15:05:08.000+00
43	15	a4e4b252-b375-440e-a81b-499976118930	-----BEGIN PGP MESSAGE-----\n\n924FZ/vscX1p8nmu5vcCYiUyv7iJiYhFEsCE497/lo9qTLfjN5tzxQ==\n=BcnP\n-----END PGP MESSAGE-----	2017-01-31 20:53:59.000+00
44	15	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	hi, any news on my order?	2017-01-31 22:53:59.000+00
45	15	a4e4b252-b375-440e-a81b-499976118930	-----BEGIN PGP MESSAGE-----\n\ne5HKpN5L4tOz3TK3mGRrCYJctero+F/6Bokdp0hRmA6/J8mmhhwqLg==\n=c8Gu\n-----END PGP MESSAGE-----	2017-02-01 23:53:59.000+00
46	15	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	hi, any news on my order?	2017-02-02 08:53:59.000+00
\.

CREATE TABLE public."LoginEvent" (
    id integer,
    "userId" uuid,
    "ipAddress" text,
    "userAgent" text,
    "createdAt" timestamp(3)
);

COPY public."LoginEvent" (id, "userId", "ipAddress", "userAgent", "createdAt") FROM stdin;
1	5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	175.55.217.188	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-07-28 13:59:31.000+00
2	9a6e5239-a08d-4a8e-a943-359dccc83974	12.91.14.134	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2016-04-06 19:27:09.000+00
3	312545da-852f-486b-a6de-656dd06546b6	32.29.227.120	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-11-10 09:33:53.000+00
4	76316fb7-5c3d-428c-ad44-dba6a629b2c0	252.43.37.152	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-03-18 23:05:18.000+00
5	6614438d-8702-4d08-ae4f-b46287208ca2	149.160.41.12	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-11-10 10:35:14.000+00
6	7b834a00-0c13-4b53-acc4-f92af02a071c	198.65.200.71	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2016-07-30 13:19:27.000+00
7	07d5b170-ee3d-4011-a6ff-603798f98ee5	159.166.209.237	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-05-28 21:58:20.000+00
8	07d5b170-ee3d-4011-a6ff-603798f98ee5	111.233.240.210	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-12-20 22:55:33.000+00
9	5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	88.211.149.22	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2016-11-04 06:40:48.000+00
10	1f79ddfe-b1ba-4baf-a74d-394e289dee27	27.161.145.241	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2017-01-14 16:59:20.000+00
11	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	35.43.60.173	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-10-29 06:06:32.000+00
12	1f79ddfe-b1ba-4baf-a74d-394e289dee27	36.160.194.18	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2017-01-14 02:36:47.000+00
13	3626ea2f-fa1b-454d-ab48-f477a78af2a2	112.236.169.226	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2016-06-13 22:03:12.000+00
14	312545da-852f-486b-a6de-656dd06546b6	199.216.35.215	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2017-01-17 15:40:04.000+00
15	0ee530ba-f9f9-4921-ab15-0afbda95fa87	194.155.101.131	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2017-05-29 10:31:28.000+00
16	27dc0d9f-6613-4a03-a700-da475b301f09	223.41.211.173	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2017-03-29 16:47:18.000+00
17	7b834a00-0c13-4b53-acc4-f92af02a071c	129.224.12.230	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2016-10-20 08:56:08.000+00
18	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	99.133.146.22	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2016-07-02 13:03:17.000+00
19	0a04e244-b571-4be0-a9b1-2821c1c66581	157.152.109.152	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2016-03-13 07:50:39.000+00
20	d0ca75ae-2bcd-4ae1-a7f0-1e4512dc66a3	120.41.35.251	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2016-05-30 09:30:53.000+00
21	128574f2-28ff-4563-aa64-ab824feb3db6	95.159.142.146	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-06-28 02:07:45.000+00
22	9a6e5239-a08d-4a8e-a943-359dccc83974	213.43.46.208	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2016-08-23 06:37:12.000+00
23	0ee530ba-f9f9-4921-ab15-0afbda95fa87	70.118.151.130	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2016-09-30 07:28:07.000+00
24	312545da-852f-486b-a6de-656dd06546b6	4.52.222.154	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2016-12-22 21:25:56.000+00
25	6614438d-8702-4d08-ae4f-b46287208ca2	114.231.157.66	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-09-27 14:55:03.000+00
26	128574f2-28ff-4563-aa64-ab824feb3db6	89.100.57.119	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2016-03-05 07:13:33.000+00
27	76316fb7-5c3d-428c-ad44-dba6a629b2c0	205.156.40.245	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2017-05-20 14:10:22.000+00
28	58598a42-2af3-491c-a556-a4e911e18078	25.230.192.229	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2017-05-08 18:29:55.000+00
29	4a23e5ed-905b-4be5-a64e-670712f5de27	174.223.93.103	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-11-17 02:14:58.000+00
30	461f25d5-edfe-4d74-a405-738c734c848c	175.217.23.4	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2016-03-05 07:54:10.000+00
31	07d5b170-ee3d-4011-a6ff-603798f98ee5	253.245.195.166	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2016-09-24 10:20:20.000+00
32	3626ea2f-fa1b-454d-ab48-f477a78af2a2	167.145.188.137	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2017-02-18 14:22:19.000+00
33	45193d47-94ca-4f4a-a611-b87780ec3024	188.154.21.152	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2016-08-12 14:00:39.000+00
34	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	188.39.16.38	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2016-03-03 00:38:02.000+00
35	461f25d5-edfe-4d74-a405-738c734c848c	82.179.56.46	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2017-04-06 05:37:42.000+00
36	7b834a00-0c13-4b53-acc4-f92af02a071c	206.34.207.133	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2017-03-12 00:41:46.000+00
37	58598a42-2af3-491c-a556-a4e911e18078	15.114.238.193	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2016-05-27 20:57:58.000+00
38	d0ca75ae-2bcd-4ae1-a7f0-1e4512dc66a3	193.8.232.65	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2017-04-06 17:29:27.000+00
39	76316fb7-5c3d-428c-ad44-dba6a629b2c0	152.250.187.235	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2016-07-07 21:07:43.000+00
40	07d5b170-ee3d-4011-a6ff-603798f98ee5	123.29.242.60	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2017-06-24 14:11:37.000+00
41	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	107.131.22.62	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-03-06 22:06:04.000+00
42	0a04e244-b571-4be0-a9b1-2821c1c66581	43.216.118.117	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-07-27 15:22:54.000+00
43	312545da-852f-486b-a6de-656dd06546b6	77.152.8.196	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2017-05-16 12:25:05.000+00
44	1f79ddfe-b1ba-4baf-a74d-394e289dee27	204.254.10.136	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2017-06-07 03:58:43.000+00
45	9a6e5239-a08d-4a8e-a943-359dccc83974	191.26.214.233	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2016-07-03 03:34:30.000+00
46	0ee530ba-f9f9-4921-ab15-0afbda95fa87	126.7.227.125	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-10-18 15:21:52.000+00
47	4a23e5ed-905b-4be5-a64e-670712f5de27	44.49.225.19	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-08-10 11:25:03.000+00
48	0ee530ba-f9f9-4921-ab15-0afbda95fa87	191.200.64.230	Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0	2016-12-15 15:49:06.000+00
49	7b834a00-0c13-4b53-acc4-f92af02a071c	200.176.117.197	Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0	2016-08-06 14:23:00.000+00
50	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	113.76.216.151	Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0	2017-05-29 07:07:38.000+00
\.

CREATE TABLE public."WalletAddress" (
    id integer,
    "userId" uuid,
    address text,
    purpose text,
    "createdAt" timestamp(3)
);

COPY public."WalletAddress" (id, "userId", address, purpose, "createdAt") FROM stdin;
1	27dc0d9f-6613-4a03-a700-da475b301f09	1E2BgPakpxpn2N7QHBYRq24PDuxmHRH5HV	DEPOSIT	2016-11-08 16:37:29.000+00
2	8b62ecb8-e292-45a8-a576-5a0d13c189d0	17A1HAPYtq86duPG5skqEeJ7ondVXA6YJ4	DEPOSIT	2016-03-18 02:44:24.000+00
3	d0ca75ae-2bcd-4ae1-a7f0-1e4512dc66a3	1FZPxDnZ9cQoJYVMTxPhjsjDxJGGBRvgpq	DEPOSIT	2016-09-30 01:46:45.000+00
4	7b834a00-0c13-4b53-acc4-f92af02a071c	1AFD2mydMkXChieEQddjVG2awEdwFazDy2	DEPOSIT	2016-06-27 00:33:15.000+00
5	c64922c8-7b18-41f7-a8ec-f930742c3b6a	196AF4f5Yw486kzewP79P2qvFuxW4WsADH	DEPOSIT	2016-07-23 15:50:16.000+00
6	5ef7d44d-ab89-42e8-acd6-e0d2672a0b16	1SPRVek9PWKmBHjGz2r11pXarBHiHBJ4a	DEPOSIT	2016-02-15 10:30:40.000+00
7	a4e4b252-b375-440e-a81b-499976118930	1Gr81Z7hsAcdbJHAmYEt5HmeUC2p9Habk8	DEPOSIT	2015-10-31 10:45:14.000+00
8	6614438d-8702-4d08-ae4f-b46287208ca2	1Axv4CBhT1swTi9Ux24YQhjYKhBXHqvmJx	DEPOSIT	2015-11-15 06:10:57.000+00
9	7efcaf81-5aab-436c-ac70-4750579837d0	1JPPSUhQBBS9FrqzTbZuwb8io59Ukt7WWK	DEPOSIT	2016-08-17 20:29:48.000+00
10	58598a42-2af3-491c-a556-a4e911e18078	14JKNnkBivnKAyE3AzFku6Pn9DoBnvg876	DEPOSIT	2015-11-14 19:18:16.000+00
11	58598a42-2af3-491c-a556-a4e911e18078	1LBW7z1zxtYnUbZPewL2BYyM6BjUsgvToV	WITHDRAWAL	2015-11-17 19:18:16.000+00
12	3626ea2f-fa1b-454d-ab48-f477a78af2a2	1BJ7nRiaXMMB5GqnTBxetSyAhQqYMFrpzc	DEPOSIT	2016-02-28 00:34:41.000+00
13	14ed24be-6826-4a53-a0f8-01c75a42d4db	13PZ7bfp9ChSBkg6P2NGWU8MZy7LPHp9M9	DEPOSIT	2016-01-18 20:00:43.000+00
14	9a6e5239-a08d-4a8e-a943-359dccc83974	1EaLhwsBLXAFYFKBM6SYQPeea1WqHBdHKf	DEPOSIT	2016-02-23 10:01:57.000+00
15	81b8e20c-6e54-4953-ab54-e9ea3af64d9c	124Bi5WDv7HoPGczLtvwVpkSh7McVzBHdt	DEPOSIT	2016-01-28 06:05:52.000+00
16	1f79ddfe-b1ba-4baf-a74d-394e289dee27	1A22bXzb1QaYCf9uotZZA5kjRKaUFPimfn	DEPOSIT	2016-07-12 20:02:36.000+00
17	461f25d5-edfe-4d74-a405-738c734c848c	1PT2PYgDtkto9oZkuCdBN1zhDQX57U3gMe	DEPOSIT	2015-11-05 06:36:57.000+00
18	4a23e5ed-905b-4be5-a64e-670712f5de27	1Q6xanWN81A8fZMw4znCR16GDTPVycNzjL	DEPOSIT	2016-01-07 07:03:07.000+00
19	0a04e244-b571-4be0-a9b1-2821c1c66581	1ZDtdiu3ZXK9cUC2Ws58kf2rVsgcneMUS	DEPOSIT	2015-11-27 11:15:17.000+00
20	0a04e244-b571-4be0-a9b1-2821c1c66581	16F9zs5HXcjqteVafJRuu6gckfN1o65gQS	WITHDRAWAL	2015-11-30 11:15:17.000+00
21	128574f2-28ff-4563-aa64-ab824feb3db6	1JsYd3DLN616csY5uNSe941wQneGN7mevB	DEPOSIT	2016-09-24 07:53:39.000+00
22	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	1GKWKXL6WgmHHsH4X464uicWSyVxBWFy7j	DEPOSIT	2015-12-30 12:56:18.000+00
23	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	1CXbq2kB1ASudUP5AcoQStvUCqU5haWDLE	WITHDRAWAL	2016-01-02 12:56:18.000+00
24	312545da-852f-486b-a6de-656dd06546b6	1Dx6trYfkoRQnptgiwepF2ca4RaXj52U7	DEPOSIT	2016-03-19 13:10:34.000+00
25	312545da-852f-486b-a6de-656dd06546b6	1Pd1ZuTuyFvxCs2KE3viuf2bhm5VGsjEgz	WITHDRAWAL	2016-03-22 13:10:34.000+00
26	76316fb7-5c3d-428c-ad44-dba6a629b2c0	14qi4wGd81eq5xsmb6vn4CBWWGXbZ5syZZ	DEPOSIT	2016-05-14 23:58:32.000+00
27	07d5b170-ee3d-4011-a6ff-603798f98ee5	183krSwbQYLohjWaZF5nEj2pWFiihkcNcz	DEPOSIT	2016-05-31 01:53:45.000+00
28	0ee530ba-f9f9-4921-ab15-0afbda95fa87	19s1xRt8TFfBvLjv3wWcxtutDSBX6jRHEs	DEPOSIT	2015-10-25 02:53:12.000+00
29	45193d47-94ca-4f4a-a611-b87780ec3024	1DCHiJTMQurmKvnfmB7cNv7Vtw94YEkz4Y	DEPOSIT	2016-01-21 01:53:49.000+00
30	45193d47-94ca-4f4a-a611-b87780ec3024	1MwHiii4UtPYqSqm2ZuSX8ve9q7cNJQNun	WITHDRAWAL	2016-01-24 01:53:49.000+00
31	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	13St54VRn7jxRcfFZW68HUY426xVQ7RuJq	DEPOSIT	2015-12-12 01:22:03.000+00
32	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	17Q3g3ZK6iP36fERsfrPzSDXywghhXpz4Y	WITHDRAWAL	2015-12-15 01:22:03.000+00
33	\N	15PrL6YxEC89XouZXpzc6CYetoJBzH87Jg	HOT	2016-03-01 00:00:00.000+00
34	\N	1BWJn4ChSZeFwzXJJJcvseTKbyGapPnuXP	HOT	2016-03-01 00:00:00.000+00
\.

CREATE TABLE public."Payout" (
    id integer,
    "userId" uuid,
    "orderId" integer,
    address text,
    "amountSats" bigint,
    "txHash" text,
    kind text,
    "createdAt" timestamp(3)
);

COPY public."Payout" (id, "userId", "orderId", address, "amountSats", "txHash", kind, "createdAt") FROM stdin;
1	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	1	18UeGBffdtCrK5t95Aizj5SjxPqYNPBShs	1890004	35672e9e686dd16eebfcfb447460846b594ba16f8b4603cb266564bfdad00218	PAYOUT	2017-01-01 01:06:49.000+00
2	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	2	1LpWCSJ8t4f6TQroNsHTjF87BHSxvuw4Lq	5414264	5ab8a31200b75eea21c752af0df254069de075261bf828a4739aacdaedad5e58	PAYOUT	2016-10-16 09:13:55.000+00
3	58598a42-2af3-491c-a556-a4e911e18078	5	1NJDfpusqhxVgDe6sr2AdHJoMJvLASCaT1	7269196	213328d6f3ea5dddb2e72df37c649fb8c26a2a09209ce5c26d639a6e807dd147	PAYOUT	2017-05-08 09:55:11.000+00
4	58598a42-2af3-491c-a556-a4e911e18078	6	1AG4Ebh7b5dgfTHpQ8LseiGdv9hhTAM3gi	3634598	71dd6b6b7cce3fe3526366d9d575907d2777ad409f753b9e0934dcd7947006d5	PAYOUT	2017-06-30 14:43:21.000+00
5	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	8	122fP7wKLwKKFh5BuY36J1gK5yv1GLanBo	3609509	672838be367d75c7a1d90079db261f0169cc801bbb1ccb962eff7e08f5bdcd85	PAYOUT	2017-02-16 18:11:17.000+00
6	9a6e5239-a08d-4a8e-a943-359dccc83974	9	19MwtAK6fm1Kp6CPM82wchHrDHD833U8v5	17224594	271f0c308c25458a382d09e9395cefbb2ac311a67192685b7b3b624f4648f78c	REFUND	2017-07-17 20:28:45.000+00
7	45193d47-94ca-4f4a-a611-b87780ec3024	10	1EALWhHzxWmd6KmtwTx4Sib1pge7FGhX1R	1967721	5ac061aaa22b64d0a854f5a322f674a5ca617bd379a7cb490e8b75a9f4d3368e	PAYOUT	2017-05-22 18:24:06.000+00
8	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	11	1G6neTh9QYpVqatNgB7h6TZumUsj2eoft3	1890004	5057459c3b04b517f009871e990e35d2c756c9c9a24534a6f6c06dd35b73c18e	PAYOUT	2017-02-19 08:57:19.000+00
9	312545da-852f-486b-a6de-656dd06546b6	15	19S4HWs8TTSo13WefvLEc17mT5vcKRNe8n	4129621	ef7e7e7bcc03aedafc178c2d036ee547f00c641e079bcc2228b63558aa525c3b	PAYOUT	2017-06-24 10:35:45.000+00
10	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	16	1LggV4j5ZcxQeGBdnDuWpRf5taMdVxWobY	3762490	48d3b3ff30e77a4d4d04d6ae4addadc5b47a9107709bbbe5685dd1a20aa4ab64	PAYOUT	2016-09-30 05:36:54.000+00
11	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	17	1H4mY2R7gZBKbQ7uNaf7u3G1ro5W9UKAE9	8267805	ae925acf09afd8341ae927447b69c351aee58f57394d611476534baa4d6cbd63	PAYOUT	2017-05-21 16:30:27.000+00
12	0a04e244-b571-4be0-a9b1-2821c1c66581	18	15aNBwCLNxvdxhHXnZNpuNWWLERceeUg1L	17265199	d61796c9085b62e7daa855bfb3ec2d59b2ea5f889b1c0c3f56d9fe7b37c5e12a	PAYOUT	2017-07-12 10:42:50.000+00
13	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	19	16BYRaARHYuUCDunZX7nfaKg8Jd6iUmVYA	17129940	49652c8d0162fcf68a1b6d7725deeee1562d941515d4dc9ffc689b91a6b489f2	PAYOUT	2016-08-11 04:04:17.000+00
14	14ed24be-6826-4a53-a0f8-01c75a42d4db	20	1Befj9igxnpxLKotfAGUZ8PiSvtYA4WNAM	11358120	444ce92678c9aa435ea1efeb393d403ddf6e39f9ef21b80f0d72913780e18600	REFUND	2016-10-14 10:43:37.000+00
15	45193d47-94ca-4f4a-a611-b87780ec3024	24	15cHHQR1at2GBk11ifJdXGAMTNyxRAjbps	15675177	98c87957a8eae1ddb1c9c6ccbeb8ed9b94459f38d7af5e0801fb743aeb77b765	PAYOUT	2017-05-18 19:05:23.000+00
16	0a04e244-b571-4be0-a9b1-2821c1c66581	26	1K6MbUqDY7Dg6o9HSmxC8EK1mKfZNAwecy	17265199	91e706cafe00731bf10fcbad3864df685d76fd4f373707e7424dfe77006e1517	PAYOUT	2017-06-30 21:57:00.000+00
17	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	28	1LkwFiJoAny3G4oZp6Kbo2m5RFyDqefCJB	13361032	dc02aebfac8078546a356184b63abb2e140c972cf1d88ceb1c9658363421cba2	PAYOUT	2017-04-29 01:52:46.000+00
18	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	33	1HGawar49WboQLfM73g5NcBuvxNFCExHgo	6010464	ceef2996aafbcb4a7f56e2c4630ba5903dc3121e6ff6ce2017715d34ebff6a7b	PAYOUT	2016-08-01 09:35:56.000+00
19	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	35	18YKraix73pkPDTyfA196a5xYDBd2HQCLD	5670014	2decd2b8d33ccb0e2cd9f496e62eee9a6f2e2200d9061e21080c5255fc960b4f	PAYOUT	2016-12-28 21:56:25.000+00
20	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	36	1BCwbJnq5yFz8mf5QmEcL1x4aHzWKBCYo3	24705967	c02ed22d6cac5182e94db2ad5c9a80bf7a5a552b25177fee75d2b77d56df097c	PAYOUT	2017-04-20 21:59:18.000+00
21	128574f2-28ff-4563-aa64-ab824feb3db6	38	1Bs8ZYNvwinjtamhnSFfvbwbBvoS5RwAuk	6260900	dd62a9f6b1ab438a210c05f56d045ecca63bd3fddeaf1af5562cce1e1b06ab5c	REFUND	2017-05-04 14:18:11.000+00
22	3626ea2f-fa1b-454d-ab48-f477a78af2a2	39	1H8MWkmFTxoeqwWA27V4KoNaunQv2x6ge9	5442770	c01bbcfc15c609c987320f9a80e2c358ab77b6561fdd36e33e1694c6c6a90a95	REFUND	2016-05-25 07:00:49.000+00
23	6614438d-8702-4d08-ae4f-b46287208ca2	40	1GYSgizHaJJe2pjv1fKXAH1ZDaZiVaG7BR	2049710	eddda3a3bab2495a058508c089d4cb21bcdc1378fa8dfde2f4280d990c329520	REFUND	2017-03-17 07:39:09.000+00
24	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	41	1TE1D6zhzY7wddYC8guhZjw8VK2A6oKwg	3762490	97799f3bbce08acd285d2bb249295ea81f14e2525f48e3b5b8eb01db7ee313f1	PAYOUT	2016-11-12 18:38:58.000+00
25	58598a42-2af3-491c-a556-a4e911e18078	42	1HkybFHffZVW9EawazBHWy3vzqg3wpMiWT	3634598	a5e837431dc8533e9eb0d090575fe5aef0835ead04fa41643094272c8e7930ca	PAYOUT	2016-11-09 13:16:26.000+00
26	58598a42-2af3-491c-a556-a4e911e18078	43	13enY7LeoVtjBFVj6GCVeYFwGqWxsFW9fK	7270444	cd0b9f308509934911a8ab21649c6a99632ed8d615484c49d1b79fa64a38fd51	PAYOUT	2017-06-24 07:29:59.000+00
27	45193d47-94ca-4f4a-a611-b87780ec3024	44	1BjR5wh9PFp5DT5SNQYK4dko6LvKTy3C1r	5321193	b8eb8c3526e6f09d534f1ed421640593ac8fdd4a711354f703f596433db9475f	PAYOUT	2016-09-10 00:38:40.000+00
28	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	47	1BCX4ZUrRBB3NZdLsD791BMmwxJ7Q9Xg2V	5670014	79b0b7d69b5fdb0de605bdb25df78163ec0758e41858546786bb27bc5792a8d2	PAYOUT	2017-03-26 12:08:00.000+00
29	6614438d-8702-4d08-ae4f-b46287208ca2	49	1MLjVZDcT1XzRMVYJYjST4WVzHFwcc7Uqf	7477337	f22e7c2e0e1c4bc7b07986f35dcc76bc025850dda42c490b7b9b9460b59573cf	REFUND	2017-02-03 16:01:53.000+00
30	4a23e5ed-905b-4be5-a64e-670712f5de27	50	1A1g1mZzRAsYFQDixiKkNjXiV2aGcxcxZj	17008188	c75a35d429b6a27a9f8755222729a042281d199784c356105e3c93b6e961988a	REFUND	2016-12-12 19:51:43.000+00
31	07d5b170-ee3d-4011-a6ff-603798f98ee5	52	14G7pLcCH2SVPMwnpU3KmLFgQXFwRcmbYs	17026896	a47193d424222899d0b7f8bca6a046998b7bd27e93dbb433b02b451b04ea5037	REFUND	2017-05-16 08:32:14.000+00
32	7168f9d3-bdd2-4a1b-a2c3-d7128046f8fc	55	1KarBwGBQckvPG7powuTfVnDQnyia6JzWc	780615	b1ca0f0a5a2abda3b38eda502242a08cef203beeb2c2fcbf1451a184ff9ae263	PAYOUT	2017-07-17 13:45:31.000+00
33	461f25d5-edfe-4d74-a405-738c734c848c	56	1PJgyJ4UmNGSqbmoiS3njs6zjyZNgbB6A6	3759906	95421b2a8ad494d8be4b909089095f7a8868fcb05ee098fbff407d8564b29374	REFUND	2016-12-22 01:24:58.000+00
34	3a3973fb-69d9-44ad-a646-5e12bcfaf36d	58	1E8sMSJggZJ7HmGpBBRi9FamRQWxm7PksZ	398835	913c58efb8f17c41784910dd750b5d20c22470292b72d1c02e7204dc1504423c	PAYOUT	2017-06-03 20:00:05.000+00
35	1f79ddfe-b1ba-4baf-a74d-394e289dee27	59	1MZZFRG6Q4hU8oWh1QBJ6cR5jSHZMgxWTL	1968755	26a56f7ee2187e4c8b77ede3f29aa932f70c37e0f1a5dc7b2d330b341689d009	REFUND	2016-11-29 08:05:16.000+00
\.

CREATE TABLE public._prisma_migrations (
    id text,
    checksum text,
    migration_name text,
    finished_at timestamp with time zone
);

COPY public._prisma_migrations (id, checksum, migration_name, finished_at) FROM stdin;
a1	bb54068aea85faa7e487530083366be9962390af822e4c71ef1aca7033c83e66	20160301_init	2016-11-08 16:37:29.000+00
\.

ALTER TABLE ONLY public."User"
    ADD CONSTRAINT "User_pkey" PRIMARY KEY (id);

ALTER TABLE ONLY public."Category"
    ADD CONSTRAINT "Category_pkey" PRIMARY KEY (id);

ALTER TABLE ONLY public."Listing"
    ADD CONSTRAINT "Listing_pkey" PRIMARY KEY (id);

ALTER TABLE ONLY public."Order"
    ADD CONSTRAINT "Order_pkey" PRIMARY KEY (id);

ALTER TABLE ONLY public."Review"
    ADD CONSTRAINT "Review_pkey" PRIMARY KEY (id);

ALTER TABLE ONLY public."Conversation"
    ADD CONSTRAINT "Conversation_pkey" PRIMARY KEY (id);

ALTER TABLE ONLY public."Message"
    ADD CONSTRAINT "Message_pkey" PRIMARY KEY (id);

ALTER TABLE ONLY public."LoginEvent"
    ADD CONSTRAINT "LoginEvent_pkey" PRIMARY KEY (id);

ALTER TABLE ONLY public."WalletAddress"
    ADD CONSTRAINT "WalletAddress_pkey" PRIMARY KEY (id);

ALTER TABLE ONLY public."Payout"
    ADD CONSTRAINT "Payout_pkey" PRIMARY KEY (id);

ALTER TABLE ONLY public._prisma_migrations
    ADD CONSTRAINT _prisma_migrations_pkey PRIMARY KEY (id);

--
-- PostgreSQL database dump complete
--
