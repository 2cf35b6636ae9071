"""The demo organisation's story: Gemeente Rivierstad's goals, products, teams and their
links, the experiments it runs and how they spread, the breaks it makes on purpose, and the
words of its sessions, actions and measures.

The municipality is mostly well aligned, with a few deliberate breaks of every kind the app
detects (goals without products, products without an owner, orphan and misaligned
experiments, learning that never reached a decision, isolated teams, falling safety).
Everything is dated relative to the fixed day DEMO_AS_OF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEMO_AS_OF = dt.date(2026, 11, 15)
HISTORY_DAYS = 548  # eighteen months of experiments and sessions before DEMO_AS_OF
HISTORY_START = DEMO_AS_OF - dt.timedelta(days=HISTORY_DAYS)
RECENT_DAYS = 90  # a goal needs an experiment started this recently
DEBT_DAYS = 30  # a done experiment without a decision after this long is learning debt
CLOSED_GOALS_END = dt.date(2025, 12, 31)  # the closed objective ran until this day

COACHES = (
    "coach.jansen@rivierstad.example",
    "coach.devries@rivierstad.example",
    "coach.bakker@rivierstad.example",
    "coach.elamrani@rivierstad.example",
)

# goal_id, title, description, level, parent_goal_id, owner, period_start, period_end, status
GOALS = (
    ("AMB-01", "Dienstverlening die werkt voor iedere inwoner",
     "Inwoners en ondernemers ervaren de gemeente als toegankelijk, snel en betrouwbaar.",
     "ambition", "", "Gemeentesecretaris", "2025-01-01", "2027-12-31", "active"),
    ("AMB-02", "Een leefbare, duurzame en financieel weerbare stad",
     "Rivierstad blijft een stad waar je prettig, betaalbaar en duurzaam woont.",
     "ambition", "", "Gemeentesecretaris", "2025-01-01", "2027-12-31", "active"),
    ("DOEL-01", "Inwoners regelen zaken digitaal in één keer goed",
     "Digitale diensten zijn zo eenvoudig dat een aanvraag in één keer compleet is.",
     "goal", "AMB-01", "Directeur Dienstverlening", "2025-01-01", "2026-12-31", "active"),
    ("DOEL-02", "Kortere wachttijden aan balie en telefoon",
     "Inwoners wachten minder lang op een afspraak, aan de balie en aan de telefoon.",
     "goal", "AMB-01", "Manager Klantcontact", "2025-01-01", "2026-12-31", "active"),
    ("DOEL-03", "Passende ondersteuning dichtbij huis",
     "Inwoners krijgen snel de zorg en ondersteuning die past, zo dicht mogelijk bij huis.",
     "goal", "AMB-01", "Directeur Sociaal Domein", "2025-01-01", "2027-12-31", "active"),
    ("DOEL-04", "Minder inwoners met problematische schulden",
     "Geldzorgen worden vroeg gesignaleerd en opgelost voordat ze problematisch worden.",
     "goal", "AMB-02", "Manager Werk & Inkomen", "2025-01-01", "2027-12-31", "active"),
    ("DOEL-05", "Sneller en voorspelbaarder vergunnen",
     "Initiatiefnemers weten vooraf waar ze aan toe zijn en krijgen binnen de termijn besluit.",
     "goal", "AMB-02", "Manager Vergunningen", "2025-01-01", "2026-12-31", "active"),
    ("DOEL-06", "Energietransitie in de wijken versnellen",
     "Meer woningen zijn geïsoleerd en van het gas af, met bewoners als partner.",
     "goal", "AMB-02", "Programmamanager Energietransitie", "2025-01-01", "2027-12-31",
     "active"),
    ("DOEL-07", "Aantrekkelijk en wendbaar werkgever",
     "Vacatures worden snel vervuld en nieuwe collega's zijn snel op hun plek.",
     "goal", "AMB-01", "Directeur Bedrijfsvoering", "2025-01-01", "2026-12-31", "active"),
    ("OBJ-01", "90% van de paspoortaanvragen in één bezoek afgerond",
     "Geen tweede bezoek meer door ontbrekende foto's, gegevens of betalingen.",
     "objective", "DOEL-01", "Teamleider Burgerzaken", "2026-01-01", "2026-12-31", "active"),
    ("OBJ-02", "Wachttijd aan de balie onder de 10 minuten",
     "Gemiddelde wachttijd aan de balie in 2025 onder de 10 minuten.",
     "objective", "DOEL-02", "Manager Klantcontact", "2025-01-01", "2025-12-31", "closed"),
    ("OBJ-03", "Schuldhulp start binnen 3 werkdagen na aanmelding",
     "Iedere aanmelding voor schuldhulp krijgt binnen 3 werkdagen een eerste gesprek.",
     "objective", "DOEL-04", "Teamleider Schuldhulp", "2025-07-01", "2026-12-31", "active"),
    ("OBJ-04", "Een warmteplan voor elke wijk",
     "Voor iedere wijk ligt een met bewoners opgesteld warmteplan klaar.",
     "objective", "DOEL-06", "Programmamanager Energietransitie", "2027-01-01", "2027-12-31",
     "draft"),
)


@dataclass(frozen=True)
class Product:
    """One product of the portfolio, with the noun phrase experiments use for its work."""

    product_id: str
    name: str
    value_stream: str
    lifecycle: str
    mission: str
    explore_target_pct: int
    subject: str


PRODUCTS = (
    Product("P-REISDOC", "Reisdocumenten & ID", "Burgerzaken", "sustain",
            "Inwoners krijgen hun paspoort of ID-kaart in één bezoek, zonder gedoe.", 10,
            "paspoortaanvragen"),
    Product("P-AFSPRAAK", "Online afspraken", "Burgerzaken", "grow",
            "Inwoners plannen zelf en snel een afspraak die hun past.", 30, "afspraken"),
    Product("P-VERHUIS", "Verhuizen & BRP", "Burgerzaken", "sustain",
            "Een verhuizing is met één digitale melding goed geregeld.", 10, "verhuismeldingen"),
    Product("P-KCC", "Klantcontactcentrum", "Burgerzaken", "grow",
            "Eén loket dat vragen van inwoners direct en goed beantwoordt.", 20, "klantvragen"),
    Product("P-WMO", "Wmo-voorzieningen", "Sociaal Domein", "grow",
            "Inwoners krijgen snel passende ondersteuning om thuis te blijven wonen.", 25,
            "Wmo-aanvragen"),
    Product("P-SCHULD", "Vroegsignalering schulden", "Sociaal Domein", "explore",
            "Inwoners met geldzorgen krijgen vroeg en dichtbij hulp.", 45, "schuldhulptrajecten"),
    Product("P-INKOMEN", "Bijstand & inkomen", "Sociaal Domein", "sustain",
            "Inwoners met een laag inkomen krijgen snel en zeker hun uitkering.", 10,
            "bijstandsaanvragen"),
    Product("P-JEUGD", "Toegang jeugdhulp", "Sociaal Domein", "grow",
            "Gezinnen vinden snel de juiste jeugdhulp, zo licht als het kan.", 25,
            "jeugdhulpvragen"),
    Product("P-OMGEV", "Omgevingsloket", "Ruimte & Wonen", "grow",
            "Initiatiefnemers krijgen snel en voorspelbaar duidelijkheid over hun plan.", 30,
            "vergunningaanvragen"),
    Product("P-MOR", "Meldingen openbare ruimte", "Ruimte & Wonen", "sustain",
            "Meldingen over de buitenruimte worden snel opgepakt en teruggekoppeld.", 15,
            "meldingen"),
    Product("P-ENERGIE", "Energieloket", "Ruimte & Wonen", "explore",
            "Bewoners zetten met onafhankelijk advies de stap naar een duurzaam huis.", 60,
            "energieadviezen"),
    Product("P-DATA", "Dataplatform", "Bedrijfsvoering", "explore",
            "Teams sturen op betrouwbare, actuele cijfers over hun dienstverlening.", 50,
            "data-aanvragen"),
    Product("P-INTRANET", "Intranet (oud)", "Bedrijfsvoering", "retire",
            "Het oude intranet wordt uitgefaseerd zonder informatie te verliezen.", 0,
            "intranetpagina's"),
    Product("P-INKOOP", "Inkoop zorg & diensten", "Bedrijfsvoering", "sustain",
            "Zorg en diensten worden snel, rechtmatig en passend ingekocht.", 5,
            "inkooptrajecten"),
)

# product_id, goal_id, link_type, weight. P-INTRANET serves no goal; DOEL-07 and OBJ-01
# have no product (deliberate breaks).
PRODUCT_GOALS = (
    ("P-REISDOC", "DOEL-01", "contributes", "1.0"),
    ("P-REISDOC", "DOEL-02", "supports", "0.5"),
    ("P-AFSPRAAK", "DOEL-02", "contributes", "1.0"),
    ("P-AFSPRAAK", "OBJ-02", "contributes", "1.0"),
    ("P-AFSPRAAK", "DOEL-01", "supports", "0.5"),
    ("P-VERHUIS", "DOEL-01", "contributes", "1.0"),
    ("P-KCC", "DOEL-02", "contributes", "1.0"),
    ("P-KCC", "OBJ-02", "contributes", "0.5"),
    ("P-WMO", "DOEL-03", "contributes", "1.0"),
    ("P-SCHULD", "DOEL-04", "contributes", "1.0"),
    ("P-SCHULD", "OBJ-03", "contributes", "1.0"),
    ("P-INKOMEN", "DOEL-04", "contributes", "0.5"),
    ("P-INKOMEN", "DOEL-03", "supports", "0.5"),
    ("P-JEUGD", "DOEL-03", "contributes", "1.0"),
    ("P-OMGEV", "DOEL-05", "contributes", "1.0"),
    ("P-OMGEV", "DOEL-01", "supports", "0.5"),
    ("P-MOR", "DOEL-01", "contributes", "0.5"),
    ("P-ENERGIE", "DOEL-06", "contributes", "1.0"),
    ("P-ENERGIE", "OBJ-04", "contributes", "1.0"),
    ("P-ENERGIE", "DOEL-04", "supports", "0.5"),
    ("P-DATA", "DOEL-01", "supports", "0.5"),
    ("P-DATA", "DOEL-03", "supports", "0.5"),
    ("P-DATA", "DOEL-05", "supports", "0.5"),
    ("P-INKOOP", "DOEL-03", "supports", "0.5"),
)


@dataclass(frozen=True)
class Team:
    """One team, with how many experiments it runs and how often it reflects."""

    team_id: str
    name: str
    value_stream: str
    disciplines: tuple[str, ...]
    experiments: int

    @property
    def prefix(self) -> str:
        """The experiment-id prefix: the part after the value-stream code."""
        return self.team_id.split("-")[1]


TEAMS = (
    Team("BZ-PAS", "Team Paspoort & ID", "Burgerzaken", ("dev", "business", "support"), 15),
    Team("BZ-AFS", "Team Afspraken", "Burgerzaken", ("dev", "design", "business"), 13),
    Team("BZ-BRP", "Team BRP & Verhuizen", "Burgerzaken", ("data", "business", "support"), 11),
    Team("BZ-KCC", "Team Klantcontact", "Burgerzaken", ("business", "support"), 13),
    Team("BZ-BAL", "Team Balie", "Burgerzaken", ("support",), 10),
    Team("BZ-WEB", "Team Website & Formulieren", "Burgerzaken", ("dev", "design", "ops"), 12),
    Team("SD-WMO", "Team Wmo-loket", "Sociaal Domein", ("data", "business", "support"), 14),
    Team("SD-SHV", "Team Schuldhulp", "Sociaal Domein", ("business", "support"), 11),
    Team("SD-INK", "Team Inkomen", "Sociaal Domein", ("data", "business", "support"), 12),
    Team("SD-JGD", "Team Jeugd", "Sociaal Domein", ("design", "business", "support"), 11),
    Team("SD-WIJ", "Team Wijkteams", "Sociaal Domein", ("business", "support"), 11),
    Team("SD-PAR", "Team Participatie", "Sociaal Domein", ("business", "support"), 9),
    Team("RW-OMG", "Team Omgevingsloket", "Ruimte & Wonen",
         ("dev", "design", "data", "business"), 14),
    Team("RW-VGN", "Team Vergunningen", "Ruimte & Wonen", ("business", "support"), 11),
    Team("RW-BTR", "Team Buitenruimte", "Ruimte & Wonen", ("ops", "support"), 10),
    Team("RW-ENE", "Team Energietransitie", "Ruimte & Wonen", ("design", "data", "business"), 9),
    Team("RW-WON", "Team Wonen", "Ruimte & Wonen", ("business",), 8),
    Team("BV-DAT", "Team Data & Analyse", "Bedrijfsvoering", ("dev", "ops", "data"), 13),
    Team("BV-ICT", "Team ICT-beheer", "Bedrijfsvoering", ("dev", "ops", "support"), 10),
    Team("BV-IKP", "Team Inkoop", "Bedrijfsvoering", ("data", "business"), 8),
    Team("BV-HRM", "Team HR & Organisatie", "Bedrijfsvoering", ("business", "support"), 4),
    Team("BV-LAB", "Team Innovatielab", "Bedrijfsvoering",
         ("dev", "design", "data", "business"), 5),
)
TEAM_BY_ID = {team.team_id: team for team in TEAMS}

# team_id, product_id, role, allocation_pct. P-KCC has two owners, P-ENERGIE none, and
# BV-HRM and BV-LAB own or support no product (deliberate breaks).
TEAM_PRODUCTS = (
    ("BZ-PAS", "P-REISDOC", "owner", 80),
    ("BZ-PAS", "P-AFSPRAAK", "contributor", 20),
    ("BZ-AFS", "P-AFSPRAAK", "owner", 70),
    ("BZ-AFS", "P-KCC", "contributor", 20),
    ("BZ-BRP", "P-VERHUIS", "owner", 80),
    ("BZ-BRP", "P-REISDOC", "contributor", 20),
    ("BZ-KCC", "P-KCC", "owner", 70),
    ("BZ-KCC", "P-AFSPRAAK", "contributor", 20),
    ("BZ-BAL", "P-KCC", "owner", 60),
    ("BZ-BAL", "P-REISDOC", "contributor", 30),
    ("BZ-WEB", "P-AFSPRAAK", "contributor", 40),
    ("BZ-WEB", "P-OMGEV", "contributor", 30),
    ("BZ-WEB", "P-MOR", "contributor", 20),
    ("SD-WMO", "P-WMO", "owner", 80),
    ("SD-SHV", "P-SCHULD", "owner", 80),
    ("SD-SHV", "P-INKOMEN", "contributor", 20),
    ("SD-INK", "P-INKOMEN", "owner", 80),
    ("SD-JGD", "P-JEUGD", "owner", 90),
    ("SD-WIJ", "P-WMO", "contributor", 50),
    ("SD-WIJ", "P-JEUGD", "contributor", 40),
    ("SD-PAR", "P-INKOMEN", "contributor", 60),
    ("SD-PAR", "P-SCHULD", "contributor", 30),
    ("RW-OMG", "P-OMGEV", "owner", 80),
    ("RW-VGN", "P-OMGEV", "contributor", 70),
    ("RW-BTR", "P-MOR", "owner", 90),
    ("RW-ENE", "P-ENERGIE", "contributor", 70),
    ("RW-WON", "P-ENERGIE", "contributor", 40),
    ("RW-WON", "P-OMGEV", "contributor", 20),
    ("BV-DAT", "P-DATA", "owner", 70),
    ("BV-DAT", "P-WMO", "contributor", 10),
    ("BV-DAT", "P-KCC", "contributor", 10),
    ("BV-ICT", "P-INTRANET", "owner", 10),
    ("BV-ICT", "P-DATA", "contributor", 60),
    ("BV-IKP", "P-INKOOP", "owner", 80),
)

ISOLATED_TEAMS = ("RW-BTR", "BV-HRM")  # never share an experiment with another team
FALLING_SAFETY_TEAMS = ("BZ-KCC", "SD-WMO")  # safety drops over the eighteen months
QUIET_TEAMS = {"BV-HRM": 76, "SD-PAR": 44}  # days since their last reflection session
SLOW_DECIDERS = {"SD-INK": 0.4, "RW-VGN": 0.45, "BV-ICT": 0.35, "RW-ENE": 0.5}
DORMANT_TEAMS = ("BV-HRM",)  # started nothing in the last four months
STALE_GOALS = ("DOEL-06",)  # products serve it, but nobody started work on it lately
CROSS_TEAM_SHARE = 0.19  # experiments run together with other teams
LAB_PARTNERS = ("BZ-AFS", "SD-WMO", "RW-OMG", "BV-DAT", "SD-JGD")
INTERNAL_PRODUCTS = ("P-DATA", "P-INTRANET", "P-INKOOP")  # serve colleagues, not inwoners
NO_PRODUCT_SUBJECTS = {"BV-HRM": ("vacatures", "DOEL-07")}


@dataclass(frozen=True)
class Template:
    """An experiment idea that any team can run on its own subject."""

    key: str
    lens: str
    title: str
    change: str
    outcome: str
    metric: str
    know_when: str
    lower_is_better: bool
    baseline_low: float
    baseline_high: float
    decimals: int = 0
    ceiling: float = 1000.0  # the metric cannot go above this (100 for a percentage)
    improvement: tuple[float, float] = (0.2, 0.4)  # relative change the target aims for
    for_residents: bool = False  # only makes sense where the product serves inwoners


TEMPLATES = (
    Template("check-vooraf", "value", "Digitale check vooraf bij {s}",
             "een digitale check vooraf bij {s}", "minder onvolledige aanvragen",
             "% onvolledige aanvragen",
             "het aandeel onvolledige aanvragen daalt van {b}% naar {t}%",
             True, 15, 35, for_residents=True),
    Template("klantpanel", "value", "Klantpanel toetst de werkwijze voor {s}",
             "een klantpanel dat meebeslist over de werkwijze voor {s}",
             "een hogere klanttevredenheid", "klanttevredenheid (1-10)",
             "de klanttevredenheid stijgt van {b} naar {t}", False, 6.2, 7.2, decimals=1,
             ceiling=10, improvement=(0.05, 0.12), for_residents=True),
    Template("vast-contact", "value", "Eén vast contactpersoon voor {s}",
             "één vast contactpersoon per dossier voor {s}", "minder herhaalcontacten",
             "herhaalcontacten per dossier", "het aantal herhaalcontacten daalt van {b} naar {t}",
             True, 2.0, 3.5, decimals=1, for_residents=True),
    Template("proactief", "value", "Inwoners proactief informeren over {s}",
             "het proactief informeren van inwoners over {s}", "minder vragen achteraf",
             "vragen per 100 zaken", "het aantal vragen per 100 zaken daalt van {b} naar {t}",
             True, 20, 40, for_residents=True),
    Template("gebruikerstest", "value", "Maandelijkse gebruikerstest met collega's voor {s}",
             "een maandelijkse gebruikerstest met collega's voor {s}",
             "meer gebruik door collega's", "% collega's dat het wekelijks gebruikt",
             "het wekelijks gebruik stijgt van {b}% naar {t}%", False, 30, 55, ceiling=100),
    Template("dubbele-invoer", "waste", "Dubbele invoer schrappen bij {s}",
             "het schrappen van dubbele invoer bij {s}", "minder handmatig werk",
             "minuten handwerk per zaak", "het handwerk daalt van {b} naar {t} minuten per zaak",
             True, 20, 45),
    Template("standaardbrieven", "waste", "Standaardbrieven opschonen voor {s}",
             "het opschonen van de standaardbrieven voor {s}", "minder correcties",
             "% brieven met correctie",
             "het aandeel brieven met correctie daalt van {b}% naar {t}%",
             True, 8, 20, for_residents=True),
    Template("controlestap", "waste", "Overbodige controlestap weg bij {s}",
             "het weghalen van een dubbele controlestap bij {s}",
             "kortere wachttijd zonder meer fouten", "minuten controle per zaak",
             "de controletijd daalt van {b} naar {t} minuten zonder meer fouten", True, 10, 25),
    Template("herstelwerk", "waste", "Herstelwerk zichtbaar maken bij {s}",
             "het bijhouden van herstelwerk op het teambord voor {s}", "minder herstelwerk",
             "% zaken met herstelwerk",
             "het aandeel zaken met herstelwerk daalt van {b}% naar {t}%",
             True, 10, 25),
    Template("wip-limiet", "flow", "WIP-limiet op {s}",
             "een limiet op het onderhanden werk aan {s}", "een kortere doorlooptijd",
             "doorlooptijd in werkdagen", "de doorlooptijd daalt van {b} naar {t} werkdagen",
             True, 8, 25),
    Template("dagstart-bord", "flow", "Dagstart bij het bord voor {s}",
             "een dagstart van een kwartier bij het bord met {s}", "minder stilstaand werk",
             "zaken langer dan 10 dagen stil",
             "het aantal stilstaande zaken daalt van {b} naar {t}",
             True, 15, 40),
    Template("kleine-batches", "flow", "Kleinere batches voor {s}",
             "het in kleinere batches behandelen van {s}", "een gelijkmatiger werkstroom",
             "doorlooptijd in werkdagen", "de doorlooptijd daalt van {b} naar {t} werkdagen",
             True, 10, 30),
    Template("snelle-route", "flow", "Snelle route voor eenvoudige {s}",
             "een aparte snelle route voor eenvoudige {s}", "sneller afgehandelde eenvoudige zaken",
             "% binnen 5 werkdagen afgehandeld",
             "het aandeel binnen 5 werkdagen stijgt van {b}% naar {t}%", False, 40, 65,
             ceiling=100),
    Template("b1-brieven", "communication", "Brieven in B1-taal voor {s}",
             "het versturen van brieven in eenvoudige B1-taal voor {s}",
             "minder telefonische vragen",
             "telefoontjes per 100 zaken", "het aantal telefoontjes daalt van {b} naar {t}",
             True, 15, 35, for_residents=True),
    Template("ketenoverleg", "communication", "Wekelijks ketenoverleg over {s}",
             "een wekelijks kwartier afstemming met ketenpartners over {s}",
             "minder overdrachtsfouten", "overdrachtsfouten per maand",
             "het aantal overdrachtsfouten daalt van {b} naar {t} per maand", True, 6, 15),
    Template("statusbericht", "communication", "Statusbericht per sms bij {s}",
             "een automatisch statusbericht per sms bij {s}",
             "minder vragen over de stand van zaken", "statusvragen per week",
             "het aantal statusvragen daalt van {b} naar {t} per week", True, 30, 80,
             for_residents=True),
    Template("gedeeld-bord", "communication", "Teambord voor {s} delen met de balie",
             "het delen van ons teambord voor {s} met de balie",
             "betere afstemming tussen backoffice en balie", "% zaken zonder heen-en-weer",
             "het aandeel zaken zonder heen-en-weer stijgt van {b}% naar {t}%", False, 55, 75,
             ceiling=100, improvement=(0.1, 0.25), for_residents=True),
    Template("klantreis", "learning", "Klantreis meelopen bij {s}",
             "het maandelijks meelopen van een klantreis bij {s}", "meer bruikbare verbeterideeën",
             "verbeterideeën per maand", "het aantal verbeterideeën stijgt van {b} naar {t}",
             False, 2.0, 5.0, decimals=1, for_residents=True),
    Template("gemba-walk", "learning", "Gemba-walk bij {s}",
             "een tweewekelijkse gemba-walk langs het werk aan {s}",
             "sneller zicht op knelpunten", "opgeloste knelpunten per maand",
             "het aantal opgeloste knelpunten stijgt van {b} naar {t}", False, 1.0, 4.0,
             decimals=1),
    Template("leerreview", "learning", "Leerreview na elke verbetering aan {s}",
             "een korte leerreview na elke verbetering aan {s}", "verbeteringen die blijven",
             "% verbeteringen na 3 maanden nog in gebruik",
             "het aandeel blijvende verbeteringen stijgt van {b}% naar {t}%", False, 40, 60,
             ceiling=100),
    Template("terugluisteren", "learning", "Klantgesprekken terugluisteren over {s}",
             "het samen terugluisteren van klantgesprekken over {s}",
             "beter begrip van wat inwoners nodig hebben",
             "aangepaste werkinstructies per kwartaal",
             "het aantal aangepaste werkinstructies stijgt van {b} naar {t}", False, 1.0, 4.0,
             decimals=1, for_residents=True),
)
TEMPLATE_BY_KEY = {template.key: template for template in TEMPLATES}

# Adoption chains: (template, ((team, start, duration or None if running, parent index)…)).
# Each adopter starts after its source ended; every done member is validated.
ADOPTION_CHAINS = (
    ("check-vooraf", (
        ("BZ-PAS", "2025-06-02", 42, None),
        ("BZ-BRP", "2025-08-18", 42, 0),
        ("BZ-BAL", "2025-09-15", 35, 0),
        ("RW-OMG", "2025-11-03", 42, 1),
        ("SD-WMO", "2026-02-02", 56, 3),
        ("SD-SHV", "2026-10-05", None, 4),
    )),
    ("dagstart-bord", (
        ("BZ-AFS", "2025-07-07", 35, None),
        ("SD-SHV", "2025-10-06", 35, 0),
        ("SD-JGD", "2026-01-12", 42, 1),
        ("BV-IKP", "2026-04-13", 42, 2),
    )),
    ("b1-brieven", (
        ("SD-WMO", "2025-09-01", 49, None),
        ("SD-WIJ", "2025-12-01", 42, 0),
    )),
    ("leerreview", (
        ("BV-DAT", "2026-03-02", 35, None),
        ("SD-INK", "2026-06-01", 42, 0),
    )),
)

LEARNINGS = {
    "validated": (
        "Werkt ook in drukke weken.", "Collega's willen de nieuwe werkwijze houden.",
        "Inwoners merken het verschil en zeggen het ook.", "Kost minder tijd dan gedacht.",
    ),
    "invalidated": (
        "Het knelpunt zit eerder in het proces.", "Onze aanname over inwoners klopte niet.",
        "De extra stap kostte meer dan hij opleverde.", "Inwoners gebruikten het nauwelijks.",
    ),
    "inconclusive": (
        "De meetperiode was te kort.", "Tegelijk veranderde de werkwijze aan de balie.",
        "Te weinig zaken om iets te zeggen.", "De cijfers uit het zaaksysteem waren onvolledig.",
    ),
}
RATIONALES = {
    "persevere": (
        "Effect is er maar nog niet stabiel; nog een ronde meten.",
        "Richting klopt; doorgaan met een grotere groep inwoners.",
    ),
    "pivot": (
        "Aanname klopte niet; we proberen een andere ingang.",
        "Het probleem zit elders; nieuwe hypothese opgesteld.",
    ),
    "stop": (
        "Geen effect en veel moeite; stoppen en tijd vrijmaken.",
        "Opbrengst weegt niet op tegen de inzet.",
    ),
    "scale": (
        "Bewezen effect; wordt de standaardwerkwijze voor het hele product.",
        "Opschalen naar alle aanvragen vanaf volgend kwartaal.",
    ),
    "spread": (
        "Ook bruikbaar voor andere teams; gedeeld in de portfolio review.",
        "Aangeboden aan teams met een vergelijkbaar proces.",
    ),
}
DECISIONS_BY_RESULT = {
    "validated": (("scale", 3), ("spread", 3), ("persevere", 3)),
    "invalidated": (("stop", 6), ("pivot", 4)),
    "inconclusive": (("persevere", 5), ("pivot", 4), ("stop", 1)),
}
EVIDENCE_BY_RESULT = {
    "validated": (("weak", 2), ("medium", 4), ("strong", 4)),
    "invalidated": (("weak", 3), ("medium", 4), ("strong", 3)),
    "inconclusive": (("weak", 5), ("medium", 4), ("strong", 1)),
}
SESSION_NOTES = {
    "retro": (
        "Goed gesprek over wat we vorige maand leerden.",
        "Bord opgeschoond; te veel tegelijk onderhanden.",
        "Successen gevierd, één experiment gestopt.",
        "Overdracht met de balie loopt stroever dan gedacht.",
        "Afspraken gemaakt over wie metingen bijhoudt.",
        "Energie is goed, maar de werkdruk blijft hoog.",
    ),
    "health_check": (
        "Health check: samenwerking verbeterd sinds de dagstart.",
        "Health check: rolverdeling nog onduidelijk.",
        "Health check: team voelt eigenaarschap voor de resultaten.",
        "Health check: behoefte aan meer focus.",
    ),
    "portfolio_review": (
        "Portfolio review: resultaten gedeeld met de productmanager.",
        "Portfolio review: twee experimenten voorgesteld voor andere teams.",
        "Portfolio review: prioriteiten herijkt op de doelen.",
    ),
}
TENSE_NOTES = (
    "Stil in de retro; niet iedereen durft te zeggen wat er speelt.",
    "Spanning over wie eigenaar is van het product.",
    "Veiligheid besproken: zorgen over werkdruk en verzuim.",
)
POSTPONED_SAFETY_NOTE = "Veel ziekteverzuim; gesprek over veiligheid opnieuw uitgesteld."
ACTION_TEXTS = (
    "Werkinstructie aanpassen op basis van de uitkomst",
    "Resultaat delen in de portfolio review",
    "Hypothese aanscherpen voor de volgende ronde",
    "Bord opschonen: alles ouder dan vier weken eruit",
    "Afspraak maken met het buurteam over de overdracht",
    "Meting automatiseren via het dataplatform",
    "Check-in over werkdruk inplannen",
    "Klantpanel uitnodigen voor de volgende sprint",
    "Besluit over het experiment voorleggen aan de productmanager",
    "Nieuwe collega inwerken op de werkwijze",
)


# Goal measures and the path their monthly check-ins follow: the share of the way from baseline
# to target on the 10th of each month from CHECK_IN_MONTHS[0]. The stories the value views
# tell: DOEL-01, DOEL-03, DOEL-05 and OBJ-03 realise value through their experiments;
# DOEL-02 (flat) and DOEL-04 (falling) are busy without value; DOEL-06 moves with no
# experiment (value without learning); OBJ-01's measure went stale in August; DOEL-07 carries
# no measure at all.
CHECK_IN_MONTHS = 12  # December 2025 to November 2026
MEASURES = (
    ("M-DOEL-01", "DOEL-01", "Aanvragen in één keer compleet", "%", "higher", 62, 85,
     "2026-12-31", (0.04, 0.1, 0.16, 0.2, 0.27, 0.33, 0.38, 0.44, 0.5, 0.57, 0.63, 0.7)),
    ("M-DOEL-02", "DOEL-02", "Gemiddelde wachttijd telefoon", "minuten", "lower", 9, 4,
     "2026-12-31", (0.05, 0.1, 0.16, 0.22, 0.27, 0.3, 0.31, 0.3, 0.3, 0.31, 0.3, 0.3)),
    ("M-DOEL-03", "DOEL-03", "Dagen tot eerste Wmo-gesprek", "dagen", "lower", 42, 21,
     "2027-12-31", (0.02, 0.06, 0.1, 0.15, 0.2, 0.24, 0.29, 0.33, 0.38, 0.43, 0.47, 0.52)),
    ("M-DOEL-04", "DOEL-04", "Schuldhulp binnen 4 weken gestart", "%", "higher", 55, 80,
     "2027-12-31", (0.05, 0.12, 0.2, 0.26, 0.31, 0.35, 0.34, 0.3, 0.27, 0.24, 0.22, 0.2)),
    ("M-DOEL-05", "DOEL-05", "Vergunningen binnen de termijn", "%", "higher", 71, 90,
     "2026-12-31", (0.08, 0.15, 0.22, 0.3, 0.37, 0.44, 0.5, 0.57, 0.64, 0.71, 0.78, 0.85)),
    ("M-DOEL-06", "DOEL-06", "Woningen van het gas af", "woningen", "higher", 1200, 4000,
     "2027-12-31", (0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1, 0.17, 0.24, 0.31, 0.38)),
    ("M-OBJ-01", "OBJ-01", "Paspoortaanvragen in één bezoek", "%", "higher", 74, 90,
     "2026-12-31", (0.05, 0.1, 0.14, 0.2, 0.25, 0.29, 0.33, 0.38, 0.42)),
    ("M-OBJ-03", "OBJ-03", "Eerste gesprek binnen 3 werkdagen", "%", "higher", 40, 90,
     "2026-12-31", (0.1, 0.16, 0.22, 0.28, 0.34, 0.4, 0.46, 0.52, 0.58, 0.64, 0.7, 0.76)),
)
CHECK_IN_COMMENTS = {
    "on_track": "Ligt op koers.",
    "at_risk": "Beweegt nauwelijks; bespreken in het portfolio-overleg.",
    "off_track": "Gaat de verkeerde kant op.",
}
