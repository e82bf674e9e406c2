"""Reference data of the synthetic-group generator: regions, names, skill families, sectors.

Kept apart from `engine.generator` so that the generation logic reads on its own. City centres are real
coordinates; names are common French first names and surnames; the skill families' wage ranges start at the
SMIC (€12.02 from 1 Jan 2026) and their windows are the usual working days of those trades.
"""

from __future__ import annotations

from dataclasses import dataclass

# City centres (real coordinates) and their department, from which members spread over ~60 km.
REGIONS: tuple[tuple[str, float, float, str], ...] = (
    ("Lyon", 45.7640, 4.8357, "69"),
    ("Nantes", 47.2184, -1.5536, "44"),
    ("Toulouse", 43.6047, 1.4442, "31"),
    ("Rennes", 48.1173, -1.6778, "35"),
    ("Dijon", 47.3220, 5.0415, "21"),
    ("Angers", 47.4784, -0.5632, "49"),
    ("Clermont-Ferrand", 45.7772, 3.0870, "63"),
    ("Reims", 49.2583, 4.0317, "51"),
    ("Tours", 47.3941, 0.6848, "37"),
    ("Bordeaux", 44.8378, -0.5792, "33"),
)
TOWN_STEMS = (
    "Saint-Martin",
    "Villeneuve",
    "Montigny",
    "Beaumont",
    "Châtillon",
    "Fontaine",
    "La Chapelle",
    "Saint-Julien",
    "Neuville",
    "Champagnac",
    "Saint-Georges",
    "Chaumont",
    "Bellegarde",
    "Varennes",
    "Saint-Laurent",
    "Mézières",
    "Sainte-Foy",
    "Châteauneuf",
    "Saint-Denis",
    "Montfort",
    "Vernet",
    "Bourg",
    "Lussac",
    "Marcilly",
    "Saint-Aubin",
    "Noyers",
    "Villars",
    "Crémieu",
    "Brézolles",
    "Verneuil",
)
TOWN_SUFFIXES = (
    "",
    "",
    "",
    "-sur-Loire",
    "-les-Bois",
    "-en-Plaine",
    "-le-Vieux",
    "-la-Forêt",
    "-sur-Rhône",
    "-d'Azergues",
    "-le-Château",
    "-sous-Bois",
    "-aux-Prés",
)
STREETS = (
    "rue de la République",
    "avenue Jean Jaurès",
    "rue Pasteur",
    "rue Victor Hugo",
    "route de la Gare",
    "rue des Artisans",
    "zone artisanale des Pins",
    "rue de l'Industrie",
    "chemin des Vignes",
    "rue du Moulin",
    "allée des Érables",
    "rue du Commerce",
    "route nationale",
    "impasse des Tilleuls",
)
FIRST_NAMES = (
    "Marie",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Catherine",
    "Sandrine",
    "Céline",
    "Aurélie",
    "Julie",
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Sarah",
    "Inès",
    "Laura",
    "Pauline",
    "Élodie",
    "Émilie",
    "Nadia",
    "Fatima",
    "Jean",
    "Philippe",
    "Michel",
    "Alain",
    "Patrick",
    "Nicolas",
    "Christophe",
    "Stéphane",
    "Sébastien",
    "Julien",
    "Thomas",
    "Kévin",
    "Maxime",
    "Hugo",
    "Lucas",
    "Romain",
    "Antoine",
    "Mehdi",
    "Karim",
    "Yanis",
    "David",
    "Olivier",
    "Laurent",
    "Frédéric",
    "Grégory",
    "Jérôme",
    "Florian",
    "Adrien",
    "Bruno",
    "Rémi",
    "Sofia",
)
SURNAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Benali",
    "Haddad",
)


@dataclass(frozen=True)
class Family:
    """A skill family: its skills, wage range, typical windows and the sectors that ask for it."""

    skills: tuple[str, ...]
    wage: tuple[float, float]
    sectors: tuple[str, ...]
    full_day: tuple[str, str]
    weight: int


FAMILIES: dict[str, Family] = {
    "comptabilite": Family(
        ("comptabilite",), (16.5, 23.0), ("industrie", "services", "agricole"), ("08:30", "17:00"), 18
    ),
    "paie_rh": Family(("paie", "rh"), (17.0, 22.5), ("industrie", "services"), ("08:30", "17:00"), 12),
    "qualite": Family(("qualite", "hse"), (19.0, 25.0), ("industrie",), ("08:30", "16:30"), 10),
    "maintenance": Family(
        ("maintenance", "electricite"), (15.0, 21.0), ("industrie", "agricole"), ("07:00", "15:00"), 18
    ),
    "logistique": Family(
        ("logistique", "conditionnement"),
        (12.02, 15.0),
        ("industrie", "agricole", "services"),
        ("08:00", "16:00"),
        16,
    ),
    "agricole": Family(("agricole", "conduite_engins"), (12.02, 14.5), ("agricole",), ("07:30", "14:30"), 14),
    "administration": Family(
        ("administration", "accueil"), (12.5, 17.0), ("services", "industrie"), ("08:30", "17:00"), 12
    ),
}
SECTOR_WEIGHTS = (("industrie", 50), ("services", 30), ("agricole", 20))
LEGAL_FORMS = {
    "industrie": ("SAS", "SARL", "SA"),
    "services": ("SARL", "SAS", "SCOP"),
    "agricole": ("EARL", "GAEC", "SCEA"),
}
TRADES = {
    "industrie": (
        "Mécanique",
        "Plasturgie",
        "Chaudronnerie",
        "Menuiserie",
        "Imprimerie",
        "Métallerie",
        "Décolletage",
        "Emballages",
        "Électronique",
        "Fonderie",
    ),
    "services": ("Transports", "Cabinet", "Nettoyage", "Informatique", "Ambulances", "Hôtellerie", "Agence"),
    "agricole": ("Domaine", "Vergers", "Ferme", "Maraîchage", "Pépinières", "Élevage"),
}
