"""The demo organisation, Gemeente Rivierstad, generated deterministically from a seed.

``python -m alignment.demo`` regenerates ``data/demo/*.csv``. Everything is dated relative
to the fixed day DEMO_AS_OF, so regenerating gives byte-identical files whatever day it runs.
The municipality is mostly well aligned, with a few deliberate breaks of every kind the app
detects (goals without products, products without an owner, orphan and misaligned
experiments, learning that never reached a decision, isolated teams, falling safety).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from alignment import contract

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


@dataclass
class Plan:
    """One experiment while it is being built, before it becomes a CSV row."""

    team_id: str
    template: Template
    subject: str
    status: str
    start: dt.date | None
    end: dt.date | None
    product_id: str = ""
    goal_id: str = ""
    partners: list[str] = field(default_factory=list)
    source: Plan | None = None
    adopted: bool = False
    fixed: bool = False  # part of an adoption chain or a deliberate break: leave alone
    experiment_id: str = ""


@dataclass
class Session:
    """One reflection session while it is being built."""

    team_id: str
    held_on: dt.date
    kind: str
    session_id: str = ""


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


def iso(day: dt.date | None) -> str:
    """The ISO text of a date, or an empty string."""
    return day.isoformat() if day else ""


def number(value: float, decimals: int) -> str:
    """A number with a decimal point and a fixed number of decimals."""
    return f"{value:.{decimals}f}"


def weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    """One option picked with its weight."""
    names = [name for name, _ in options]
    return rng.choices(names, weights=[weight for _, weight in options])[0]


def goal_rows() -> list[dict[str, str]]:
    """The goal tree: ambitions, goals and objectives."""
    return [dict(zip(contract.COLUMNS["goals"], goal, strict=True)) for goal in GOALS]


def product_rows() -> list[dict[str, str]]:
    """The product portfolio."""
    return [
        {"product_id": p.product_id, "name": p.name, "value_stream": p.value_stream,
         "lifecycle": p.lifecycle, "mission": p.mission,
         "explore_target_pct": str(p.explore_target_pct)}
        for p in PRODUCTS
    ]


def product_goal_rows() -> list[dict[str, str]]:
    """Which product serves which goal."""
    return [dict(zip(contract.COLUMNS["product_goals"], link, strict=True))
            for link in PRODUCT_GOALS]


def team_rows() -> list[dict[str, str]]:
    """The teams, with their disciplines in contract order."""
    return [
        {"team_id": t.team_id, "name": t.name, "value_stream": t.value_stream,
         "disciplines": ";".join(d for d in contract.DISCIPLINES if d in t.disciplines)}
        for t in TEAMS
    ]


def team_product_rows() -> list[dict[str, str]]:
    """Which team owns or contributes to which product."""
    return [
        {"team_id": team, "product_id": product, "role": role, "allocation_pct": str(pct)}
        for team, product, role, pct in TEAM_PRODUCTS
    ]


def products_of(team_id: str) -> list[tuple[str, int]]:
    """The products a team works on, with its allocation."""
    return [(product, pct) for team, product, _, pct in TEAM_PRODUCTS if team == team_id]


def goals_of(product_id: str) -> list[tuple[str, float]]:
    """The goals a product serves, with the link weight."""
    return [(goal, float(weight)) for product, goal, _, weight in PRODUCT_GOALS
            if product == product_id]


def goal_open_for(goal_id: str, start: dt.date | None) -> bool:
    """Whether a team would still pick this goal for an experiment starting on start."""
    status = next(goal[8] for goal in GOALS if goal[0] == goal_id)
    if status == "draft":
        return False
    if status == "closed":
        return start is not None and start <= CLOSED_GOALS_END
    recent = start is not None and start > DEMO_AS_OF - dt.timedelta(days=RECENT_DAYS)
    return not (recent and goal_id in STALE_GOALS)


def aligned_goal(rng: random.Random, product_id: str, start: dt.date | None) -> str:
    """A goal the product serves and that is open at start, or empty if there is none."""
    options = [(g, w) for g, w in goals_of(product_id) if goal_open_for(g, start)]
    return weighted(rng, tuple(options)) if options else ""


def chain_plans(rng: random.Random) -> list[Plan]:
    """The experiments of the adoption chains, each adopting the one before it."""
    plans: list[Plan] = []
    for key, members in ADOPTION_CHAINS:
        chain: list[Plan] = []
        for team_id, start_text, duration, parent in members:
            start = dt.date.fromisoformat(start_text)
            end = start + dt.timedelta(days=duration) if duration else None
            product = products_of(team_id)[0][0]
            plan = Plan(team_id, TEMPLATE_BY_KEY[key], product_subject(product),
                        "done" if end else "running", start, end, product,
                        aligned_goal(rng, product, start), fixed=True)
            if parent is not None:
                plan.source = chain[parent]
                chain[parent].adopted = True
            chain.append(plan)
        plans.extend(chain)
    return plans


def product_subject(product_id: str) -> str:
    """The noun phrase for the work of a product."""
    return next(p.subject for p in PRODUCTS if p.product_id == product_id)


def team_plans(rng: random.Random, team: Team, count: int) -> list[Plan]:
    """A team's own experiments, spread over the history with more in recent months."""
    lens_weights = {lens: rng.choice((0.3, 1.0, 2.0, 3.0)) for lens in contract.LEAN_LENSES}
    latest = HISTORY_DAYS - (120 if team.team_id in DORMANT_TEAMS else 3)
    plans: list[Plan] = []
    for _ in range(count):
        if rng.random() < 0.09 and team.team_id not in DORMANT_TEAMS:
            start = end = None
            status = "idea"
        else:
            start = HISTORY_START + dt.timedelta(
                days=int(rng.triangular(0, latest, latest)))
            duration = rng.randint(14, 63)
            end = start + dt.timedelta(days=duration)
            status = "done"
            if rng.random() < 0.08:
                status = "stopped"
                end = start + dt.timedelta(days=rng.randint(5, duration))
                end = end if end <= DEMO_AS_OF else None
            elif end > DEMO_AS_OF:
                status, end = "running", None
        product_id, partners = chosen_product(rng, team.team_id)
        if product_id:
            subject, goal_id = product_subject(product_id), aligned_goal(rng, product_id, start)
        else:
            subject, goal_id = NO_PRODUCT_SUBJECTS[team.team_id]
        template = fitting_template(rng, product_id, lens_weights, plans)
        plans.append(Plan(team.team_id, template, subject, status, start, end, product_id,
                          goal_id, partners))
    return plans


def chosen_product(rng: random.Random, team_id: str) -> tuple[str, list[str]]:
    """The product an experiment of this team works on (empty if the team has none), and the
    partner team that brings the product when the lab runs the experiment."""
    if team_id == "BV-LAB":
        partner = rng.choice(LAB_PARTNERS)
        owned = [p for t, p, role, _ in TEAM_PRODUCTS if t == partner and role == "owner"]
        return owned[0], [partner]
    products = products_of(team_id)
    if not products:
        return "", []
    return rng.choices([p for p, _ in products], weights=[w for _, w in products])[0], []


def fitting_template(rng: random.Random, product_id: str, lens_weights: dict[str, float],
                     earlier: list[Plan]) -> Template:
    """A template that suits the product, preferring lenses the team likes and ideas it has
    not yet tried on this product."""
    internal = product_id in INTERNAL_PRODUCTS or not product_id
    options = [t for t in TEMPLATES if not (internal and t.for_residents)]
    tried = {(p.template.key, p.product_id) for p in earlier}
    weights = [lens_weights[t.lens] * (0.2 if (t.key, product_id) in tried else 1.0)
               for t in options]
    return rng.choices(options, weights=weights)[0]


def is_recent(plan: Plan) -> bool:
    """Whether the experiment started in the last RECENT_DAYS before DEMO_AS_OF."""
    return plan.start is not None and plan.start > DEMO_AS_OF - dt.timedelta(days=RECENT_DAYS)


def with_misaligned_goals(rng: random.Random, plans: list[Plan]) -> list[Plan]:
    """The plans, with a handful pointed at a goal their product does not serve."""
    passport = [p for p in plans if p.team_id == "BZ-PAS" and p.product_id == "P-REISDOC"
                and p.start and p.start.year == 2026 and not p.fixed]
    latest = [p for p in passport if is_recent(p)][-1:]
    others = [p for p in passport if p not in latest]
    chosen = latest + rng.sample(others, min(2, len(others)))
    web = [p for p in plans if p.team_id == "BZ-WEB" and p.product_id == "P-AFSPRAAK"
           and p.status == "done" and not p.fixed]
    chosen.append(rng.choice(web))
    for plan in chosen:
        plan.goal_id, plan.fixed = ("DOEL-05" if plan.team_id == "BZ-WEB" else "OBJ-01"), True
    return plans


def with_forgotten_goal(rng: random.Random, plans: list[Plan]) -> list[Plan]:
    """The plans, with the goal left empty on one whose team forgot to fill it in."""
    candidates = [p for p in plans if p.team_id == "SD-PAR" and not p.fixed and p.goal_id]
    plan = rng.choice(candidates)
    plan.goal_id, plan.fixed = "", True
    return plans


def with_recent_work_on_goals(plans: list[Plan]) -> list[Plan]:
    """The plans, retargeted so every active, non-stale goal with a product has a recent
    experiment."""
    for goal in GOALS:
        goal_id, level, status = goal[0], goal[3], goal[8]
        if level == "ambition" or status != "active" or goal_id in STALE_GOALS:
            continue
        if any(p.goal_id == goal_id and is_recent(p) for p in plans):
            continue
        serving = {product for product, goal, _, _ in PRODUCT_GOALS if goal == goal_id}
        for plan in plans:
            others = sum(1 for p in plans if p.goal_id == plan.goal_id and is_recent(p))
            if is_recent(plan) and not plan.fixed and plan.product_id in serving and others > 1:
                plan.goal_id = goal_id
                break
    return plans


def partner_candidates(team_id: str) -> list[str]:
    """Teams a team would plausibly run an experiment with."""
    products = {p for p, _ in products_of(team_id)}
    stream = TEAM_BY_ID[team_id].value_stream
    candidates = {t for t, p, _, _ in TEAM_PRODUCTS if p in products}
    candidates |= {t.team_id for t in TEAMS if t.value_stream == stream}
    candidates |= {"BV-DAT", "BV-LAB"}
    candidates -= {team_id, *ISOLATED_TEAMS}
    return sorted(candidates)


def with_partners(rng: random.Random, plans: list[Plan]) -> list[Plan]:
    """The plans, about a fifth of them run together with other teams, and every team that
    is not meant to be isolated sharing at least one."""
    open_plans = [p for p in plans if p.team_id not in ISOLATED_TEAMS and not p.partners]
    wanted = round(CROSS_TEAM_SHARE * len(plans)) - sum(1 for p in plans if p.partners)
    for plan in rng.sample(open_plans, max(0, wanted)):
        candidates = partner_candidates(plan.team_id)
        plan.partners = rng.sample(candidates, 2 if rng.random() < 0.2 else 1)
    for team in TEAMS:
        shared = any(p.partners and team.team_id in (p.team_id, *p.partners) for p in plans)
        if shared or team.team_id in ISOLATED_TEAMS:
            continue
        for plan in plans:
            if not plan.partners and team.team_id in partner_candidates(plan.team_id):
                plan.partners = [team.team_id]
                break
    return plans


def experiment_disciplines(rng: random.Random, plan: Plan) -> str:
    """The disciplines involved: some of the lead team's and one of each partner's."""
    own = TEAM_BY_ID[plan.team_id].disciplines
    chosen = set(rng.sample(own, rng.randint(1, min(3, len(own)))))
    for partner in plan.partners:
        chosen.add(rng.choice(TEAM_BY_ID[partner].disciplines))
    return ";".join(d for d in contract.DISCIPLINES if d in chosen)


def numbered(plans: list[Plan]) -> list[Plan]:
    """The plans ordered per team by start date, each with its experiment_id."""
    ordered = []
    for team in TEAMS:
        own = [p for p in plans if p.team_id == team.team_id]
        own.sort(key=lambda p: p.start or dt.date.max)
        for index, plan in enumerate(own, start=1):
            plan.experiment_id = f"{team.prefix}-{index:03d}"
        ordered.extend(own)
    return ordered


def measured(rng: random.Random, template: Template, result: str) -> tuple[str, str, str]:
    """Baseline, target and (for a result) an observed value consistent with that result."""
    baseline = round(rng.uniform(template.baseline_low, template.baseline_high),
                     template.decimals)
    step = 10 ** -template.decimals
    change = rng.uniform(*template.improvement)
    sign = -1 if template.lower_is_better else 1
    target = round(min(baseline * (1 + sign * change), template.ceiling), template.decimals)
    if target == baseline:
        target = round(baseline + sign * step, template.decimals)
    gap = target - baseline
    if result == "validated":
        observed = target + sign * abs(baseline) * rng.uniform(0.0, 0.12)
    elif result == "inconclusive":
        observed = baseline + gap * rng.uniform(0.3, 0.7)
    elif result == "invalidated":
        observed = baseline + gap * rng.uniform(-0.2, 0.15)
    else:
        observed = None
    shown = "" if observed is None else number(min(max(observed, 0.0), template.ceiling),
                                               template.decimals)
    return number(baseline, template.decimals), number(target, template.decimals), shown


def decided(rng: random.Random, plan: Plan, result: str) -> tuple[str, str, str, str]:
    """Decision, decision date, scope and rationale for a done experiment, or empty fields."""
    if plan.end is None:
        return "", "", "", ""
    days_since = (DEMO_AS_OF - plan.end).days
    if plan.source is not None or plan.adopted:
        decision = "spread" if plan.adopted else "scale"
        scope = "portfolio" if plan.adopted and rng.random() < 0.5 else "product"
        day = plan.end + dt.timedelta(days=rng.randint(5, 15))
        return decision, iso(day), scope, rng.choice(RATIONALES[decision])
    chance = 0.45 if days_since <= DEBT_DAYS else SLOW_DECIDERS.get(plan.team_id, 0.86)
    if days_since < 2 or rng.random() >= chance:
        return "", "", "", ""
    decision = weighted(rng, DECISIONS_BY_RESULT[result])
    scopes = (("team", 5), ("product", 3), ("portfolio", 1.5), ("strategy", 0.6))
    if decision in ("scale", "spread"):
        scopes = (("team", 1), ("product", 4), ("portfolio", 3), ("strategy", 1))
    day = plan.end + dt.timedelta(days=rng.randint(2, min(45, days_since)))
    return decision, iso(day), weighted(rng, scopes), rng.choice(RATIONALES[decision])


def experiment_row(rng: random.Random, plan: Plan) -> dict[str, str]:
    """The CSV row of one experiment, with outcomes consistent with its status."""
    template = plan.template
    result = ""
    if plan.status == "done":
        result = "validated" if plan.adopted or plan.source else weighted(
            rng, (("validated", 4.5), ("invalidated", 2.5), ("inconclusive", 3)))
    baseline, target, observed = measured(rng, template, result)
    title = template.title.format(s=plan.subject)
    if plan.source is not None:
        title += f" (overgenomen van {plan.source.experiment_id})"
    know_when = template.know_when.format(b=baseline, t=target)
    row = {column: "" for column in contract.COLUMNS["experiments"]}
    row.update(
        experiment_id=plan.experiment_id, team_id=plan.team_id,
        title=title[0].upper() + title[1:],
        hypothesis=(f"We geloven dat {template.change.format(s=plan.subject)} zal leiden tot "
                    f"{template.outcome}. We weten het als {know_when}."),
        status=plan.status, lean_lens=template.lens, product_id=plan.product_id,
        goal_id=plan.goal_id, start_date=iso(plan.start), end_date=iso(plan.end),
        metric=template.metric, baseline=baseline, target=target,
        partner_teams=";".join(plan.partners),
        disciplines=experiment_disciplines(rng, plan),
        source_experiment_id=plan.source.experiment_id if plan.source else "",
    )
    if plan.status == "done":
        extra = rng.choice(LEARNINGS[result])
        row.update(observed=observed, result=result,
                   learning=f"{template.metric.capitalize()}: van {baseline} naar {observed} "
                            f"(doel {target}). {extra}",
                   evidence_strength=weighted(rng, EVIDENCE_BY_RESULT[result]))
        decision, day, scope, rationale = decided(rng, plan, result)
        row.update(decision=decision, decision_date=day, decision_scope=scope,
                   decision_rationale=rationale)
    energy = {"validated": (3, 5), "invalidated": (1, 4), "inconclusive": (2, 4),
              "": (1, 3) if plan.status == "stopped" else (2, 5)}[result]
    if plan.status != "idea":
        row["energy"] = str(rng.randint(*energy))
    return row


def experiment_plans(seed: int) -> list[Plan]:
    """Every experiment of the demo, numbered, with its product, goal and partners."""
    rng = random.Random(f"{seed}-experiments")
    plans = chain_plans(rng)
    for team in TEAMS:
        plans.extend(team_plans(rng, team, team.experiments))
    plans = with_misaligned_goals(rng, plans)
    plans = with_forgotten_goal(rng, plans)
    plans = with_recent_work_on_goals(plans)
    plans = with_partners(rng, plans)
    return numbered(plans)


def experiment_rows(seed: int, plans: list[Plan]) -> list[dict[str, str]]:
    """The experiments table."""
    rng = random.Random(f"{seed}-outcomes")
    rows = [experiment_row(rng, plan) for plan in plans]
    rounds: Counter[tuple[str, str]] = Counter()
    for row in rows:  # a team that repeats an experiment numbers the rounds
        rounds[row["team_id"], row["title"]] += 1
        if rounds[row["team_id"], row["title"]] > 1:
            row["title"] += f" (ronde {rounds[row['team_id'], row['title']]})"
    return rows


def session_plans(seed: int) -> list[Session]:
    """Reflection sessions per team, every few weeks, numbered in date order."""
    rng = random.Random(f"{seed}-sessions")
    sessions = []
    for team in TEAMS:
        cadence = rng.randint(55, 85)
        held_on = DEMO_AS_OF - dt.timedelta(days=QUIET_TEAMS.get(team.team_id,
                                                                 rng.randint(1, 24)))
        while held_on >= HISTORY_START:
            kind = weighted(rng, (("retro", 6), ("health_check", 2.8), ("portfolio_review", 1.2)))
            sessions.append(Session(team.team_id, held_on, kind))
            held_on -= dt.timedelta(days=int(cadence * rng.uniform(0.7, 1.3)))
    sessions.sort(key=lambda s: (s.held_on, s.team_id))
    for index, session in enumerate(sessions, start=1):
        session.session_id = f"S-{index:04d}"
    return sessions


def score(value: float) -> str:
    """A team average between 1 and 5 with one decimal."""
    return number(min(5.0, max(1.0, value)), 1)


def session_rows(seed: int, sessions: list[Session]) -> list[dict[str, str]]:
    """The sessions table: what each reflection covered and the team's averages."""
    rng = random.Random(f"{seed}-scores")
    base = {team.team_id: [rng.uniform(3.0, 4.1) for _ in range(4)] for team in TEAMS}
    streams = dict.fromkeys(t.value_stream for t in TEAMS)
    coach_of = dict(zip(streams, COACHES, strict=True))
    rows = []
    for session in sessions:
        progress = (session.held_on - HISTORY_START).days / HISTORY_DAYS
        safety, ownership, energy, collaboration = (
            b + 0.3 * progress + rng.uniform(-0.3, 0.3) for b in base[session.team_id])
        falling = session.team_id in FALLING_SAFETY_TEAMS
        if falling:
            safety = 4.3 - 1.9 * progress + rng.uniform(-0.15, 0.15)
            energy -= 0.6 * progress
        covers = {"retro": (0.97, 0.65, 0.45), "health_check": (0.5, 1.0, 1.0),
                  "portfolio_review": (1.0, 0.5, 0.2)}[session.kind]
        if falling:  # the coach keeps putting safety on the agenda
            covers = (covers[0], covers[1], max(covers[2], 0.75))
        results, together, safe = (rng.random() < chance for chance in covers)
        notes = SESSION_NOTES[session.kind]
        if falling and progress > 0.5:
            notes = TENSE_NOTES if safe else (POSTPONED_SAFETY_NOTE,)
        coach = coach_of[TEAM_BY_ID[session.team_id].value_stream]
        if rng.random() < 0.15:
            coach = rng.choice(COACHES)
        rows.append({
            "session_id": session.session_id, "team_id": session.team_id,
            "held_on": iso(session.held_on), "facilitator": coach, "kind": session.kind,
            "covered_results": str(results).lower(),
            "covered_collaboration": str(together).lower(),
            "covered_safety": str(safe).lower(),
            "safety": score(safety) if safe else "",
            "ownership": score(ownership), "energy": score(energy),
            "collaboration": score(collaboration) if together else "",
            "notes": rng.choice(notes),
        })
    return rows


def action_rows(seed: int, sessions: list[Session], plans: list[Plan]) -> list[dict[str, str]]:
    """One to three follow-up actions per session, closed or still open."""
    rng = random.Random(f"{seed}-actions")
    follow_through = {team.team_id: rng.uniform(0.6, 0.92) for team in TEAMS}
    for team_id in FALLING_SAFETY_TEAMS:
        follow_through[team_id] = 0.4
    rows = []
    for session in sessions:
        current = [p for p in plans if p.team_id == session.team_id and p.start
                   and p.start <= session.held_on
                   and (p.end is None or p.end >= session.held_on - dt.timedelta(days=60))]
        for _ in range(rng.randint(1, 3)):
            due = session.held_on + dt.timedelta(days=rng.randint(14, 42))
            closes = session.held_on + dt.timedelta(days=rng.randint(3, 56))
            status, closed_on = "open", ""
            if closes <= DEMO_AS_OF and rng.random() < follow_through[session.team_id]:
                status = "dropped" if rng.random() < 0.12 else "done"
                closed_on = iso(closes)
            experiment = rng.choice(current) if current and rng.random() < 0.55 else None
            rows.append({
                "action_id": f"A-{len(rows) + 1:04d}", "session_id": session.session_id,
                "experiment_id": experiment.experiment_id if experiment else "",
                "owner_team_id": session.team_id,
                "description": rng.choice(ACTION_TEXTS), "due_on": iso(due),
                "status": status, "closed_on": closed_on,
            })
    return rows


def goal_measure_rows() -> list[dict[str, str]]:
    """The demo goals' measures (``MEASURES``)."""
    return [dict(zip(contract.COLUMNS["goal_measures"],
                     (m_id, goal, name, unit, direction, str(base), str(target), target_date),
                     strict=True))
            for m_id, goal, name, unit, direction, base, target, target_date, _ in MEASURES]


def check_in_day(month: int) -> dt.date:
    """The 10th of the ``month``-th month of check-ins (0 = the first)."""
    first = DEMO_AS_OF.year * 12 + DEMO_AS_OF.month - CHECK_IN_MONTHS + month
    return dt.date(first // 12, first % 12 + 1, 10)


def check_in_rows() -> list[dict[str, str]]:
    """A check-in on the 10th of each month along each measure's path, with the confidence
    its last three months warrant."""
    rows = []
    for m_id, _, _, _, _, base, target, _, path in MEASURES:
        for month, share in enumerate(path):
            moved = share - path[max(month - 3, 0)]
            confidence = ("on_track" if moved >= 0.05 or month < 3
                          else "off_track" if moved < 0 else "at_risk")
            rows.append({
                "check_in_id": f"CI-{len(rows) + 1:04d}", "measure_id": m_id,
                "checked_on": iso(check_in_day(month)),
                "value": number(base + (target - base) * share, 1),
                "confidence": confidence, "comment": CHECK_IN_COMMENTS[confidence],
            })
    return rows


def demo_tables(seed: int = 7) -> dict[str, list[dict[str, str]]]:
    """Every table of the demo organisation as rows of strings, in contract column order."""
    plans = experiment_plans(seed)
    sessions = session_plans(seed)
    tables = {
        "goals": goal_rows(),
        "products": product_rows(),
        "product_goals": product_goal_rows(),
        "teams": team_rows(),
        "team_products": team_product_rows(),
        "experiments": experiment_rows(seed, plans),
        "sessions": session_rows(seed, sessions),
        "actions": action_rows(seed, sessions, plans),
        "goal_measures": goal_measure_rows(),
        "check_ins": check_in_rows(),
    }
    return {name: [{c: row[c] for c in contract.COLUMNS[name]} for row in tables[name]]
            for name in contract.LOAD_ORDER}


def write_demo(directory: Path, seed: int = 7) -> list[Path]:
    """Write each demo table to ``<name>.csv`` in directory and return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rows in demo_tables(seed).items():
        path = directory / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=contract.COLUMNS[name],
                                    lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writeheader()
            writer.writerows(rows)
        paths.append(path)
    return paths


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[2]
    for written in write_demo(root / "data" / "demo"):
        print(written.relative_to(root))
