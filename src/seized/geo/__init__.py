"""Countries, shared by the stages that place people: ISO 3166-1 alpha-2 codes, the country of a
ships-from value or a postal address (:mod:`seized.geo.countries`) and of a login IP address
through an offline GeoIP table (:mod:`seized.geo.geoip`).

:mod:`seized.link` uses them to keep apart accounts known to be in different countries,
:mod:`seized.rank` to weigh where a person lives; neither imports the other.
"""
