"""More demo wiki pages: the everyday knowledge base of the demo retailer, in Dutch and English.

Enough pages on overlapping subjects (returns, delivery, stock, checkout, service, staff) that
search has something to rank: `bench/relevance.py` judges its queries against these pages.
`innovationzone demo` loads them through `wiki.demo.load`.
"""

from __future__ import annotations

OC, LM = "omnichannel", "last-mile"
PAGES = [
    # zone, path, title, author, body
    (
        LM,
        "Retourbeleid_online",
        "Retourbeleid webshop",
        "eva",
        "Klanten mogen online aankopen binnen 30 dagen retourneren. Het retourlabel is gratis voor "
        "leden van de klantenkaart; anderen betalen € 2,95. Retouren worden binnen vijf werkdagen "
        "terugbetaald op de oorspronkelijke betaalmethode. Beschadigde artikelen gaan naar de "
        "afdeling kwaliteit.",
    ),
    (
        LM,
        "Returns_international",
        "Returns for international customers",
        "farid",
        "Customers in Belgium and Germany return parcels through a local carrier. The return label "
        "is printed from the order page. Refunds are paid within ten working days after the parcel "
        "arrives at the warehouse in Tilburg. Customs documents are not needed inside the EU.",
    ),
    (
        LM,
        "Retourstromen_DC",
        "Retourstromen in het distributiecentrum",
        "eva",
        "Alle retourpakketten komen binnen op dock 4 van het DC. Een medewerker scant elk pakket, "
        "beoordeelt de staat van het artikel en boekt het terug in de voorraad of voert het af. "
        "Gemiddeld verwerken we 1.800 retouren per dag, in de weken na Black Friday het dubbele.",
    ),
    (
        LM,
        "Same_day_delivery",
        "Same-day delivery pilot",
        "daan",
        "In Utrecht and Amsterdam orders placed before 14:00 are delivered the same evening. The "
        "pilot uses electric vans and cargo bikes. Delivery costs are € 6,95; members of the loyalty "
        "programme pay € 3,95. We measure on-time delivery and customer satisfaction per week.",
    ),
    (
        LM,
        "Bezorgen_met_bakfietsen",
        "Bezorgen met bakfietsen in de binnenstad",
        "farid",
        "In de binnensteden van Utrecht en Den Bosch bezorgen we pakketten met elektrische "
        "bakfietsen. Een fiets neemt 25 pakketten mee. Fietskoeriers starten vanaf een hub bij de "
        "winkel. Bij regen en storm rijden de busjes, de fietsen blijven dan in de stalling.",
    ),
    (
        LM,
        "Bezorgkosten",
        "Bezorgkosten en gratis verzending",
        "eva",
        "Bestellingen vanaf € 50 worden gratis bezorgd. Daaronder rekenen we € 4,95 bezorgkosten. "
        "Afhalen in de winkel is altijd gratis. Grote artikelen zoals fietsen en kasten hebben een "
        "vast tarief voor bezorging aan huis, inclusief plaatsen.",
    ),
    (
        LM,
        "Afhaalpunten",
        "Afhaalpunten en click & collect",
        "lars",
        "Klanten halen hun bestelling af bij de servicebalie of uit een afhaalkluis. Een bestelling "
        "ligt zeven dagen klaar. De klant krijgt een ophaalcode per sms. Medewerkers controleren de "
        "code en het legitimatiebewijs bij bestellingen boven € 500.",
    ),
    (
        LM,
        "Click_and_collect_process",
        "Click and collect: store process",
        "lars",
        "Store staff pick click and collect orders from the shop floor every two hours. Orders are "
        "packed in a green bag and placed in the pickup cabinet. If an item is missing, staff call "
        "the customer before 17:00 and offer a replacement or a refund.",
    ),
    (
        LM,
        "Magazijnindeling",
        "Magazijnindeling DC Tilburg",
        "farid",
        "Het magazijn is ingedeeld in zones: snellopers vooraan bij de inpakstraat, grote artikelen "
        "achterin. Elke stellingplaats heeft een locatiecode. Orderpickers lopen een route die het "
        "systeem per golf van bestellingen berekent.",
    ),
    (
        LM,
        "Inventory_counting",
        "Inventory counting procedure",
        "farid",
        "Every location in the warehouse is counted once a quarter. Cycle counts run at night when "
        "no orders are picked. Differences above five items are recounted by a second employee "
        "before the stock level is corrected in the system.",
    ),
    (
        LM,
        "Voorraad_per_filiaal",
        "Voorraadbeheer per filiaal",
        "joost",
        "Elk filiaal ziet zijn voorraad in de kassa-app. Bij minder dan twee stuks wordt automatisch "
        "bijbesteld bij het distributiecentrum. Filialen kunnen voorraad naar elkaar overboeken als "
        "een klant een artikel in een andere winkel wil ophalen.",
    ),
    (
        LM,
        "Leveranciers_aanlevering",
        "Aanlevering door leveranciers",
        "eva",
        "Leveranciers leveren aan op afspraak via het dockplanningssysteem. Pallets moeten een "
        "SSCC-label hebben. Te late leveringen worden doorgeschoven naar het volgende tijdslot. "
        "Bij herhaalde fouten spreekt de inkoper de leverancier aan.",
    ),
    (
        LM,
        "Supplier_scorecard",
        "Supplier scorecard",
        "daan",
        "Each quarter we score suppliers on delivery accuracy, on-time delivery and packaging. "
        "Suppliers below 90 percent get an improvement plan. The scorecard is shared in the "
        "supplier portal.",
    ),
    (
        LM,
        "Verpakkingen_verminderen",
        "Verpakkingen verminderen",
        "hugo",
        "We versturen kleine artikelen in enveloppen in plaats van dozen. Dozen worden op maat "
        "gesneden, zodat er minder opvulmateriaal nodig is. Klanten kunnen kiezen voor een "
        "herbruikbare verzendtas die ze in de winkel inleveren.",
    ),
    (
        LM,
        "Sustainable_packaging",
        "Sustainable packaging guidelines",
        "hugo",
        "Packaging must be recyclable and free of plastic fillers. Boxes are cut to size. Suppliers "
        "send products in reusable crates where possible. We report packaging weight per order "
        "every month.",
    ),
    (
        OC,
        "Klachten_afhandelen",
        "Klachten afhandelen",
        "gerda",
        "Een klacht wordt binnen één werkdag beantwoord. Leg elke klacht vast in het klantdossier "
        "met de categorie: bezorging, product, winkel of website. Bij een terechte klacht mag de "
        "medewerker een tegoedbon tot € 25 geven zonder overleg.",
    ),
    (
        OC,
        "Chatbot_klantenservice",
        "Chatbot voor de klantenservice",
        "hugo",
        "De chatbot beantwoordt vragen over bezorging, retourneren en openingstijden. Lukt dat niet, "
        "dan neemt een medewerker van de klantenservice het gesprek over. We meten hoeveel vragen "
        "de chatbot zelf oplost.",
    ),
    (
        OC,
        "Customer_satisfaction",
        "Customer satisfaction survey (NPS)",
        "gerda",
        "After every order and every store visit with the loyalty card, customers get a short "
        "survey. We report the net promoter score per store and per channel each month. Comments "
        "about delivery are forwarded to the logistics team.",
    ),
    (
        OC,
        "Klantenkaart",
        "Klantenkaart en spaarpunten",
        "bram",
        "Met de klantenkaart sparen klanten punten bij elke aankoop, online en in de winkel. Honderd "
        "punten zijn € 5 waard. Leden krijgen gratis retourneren en een verjaardagskorting. De kaart "
        "staat ook in de app.",
    ),
    (
        OC,
        "Loyalty_programme",
        "Loyalty programme redesign",
        "anouk",
        "The new loyalty programme replaces points with personal offers. Members choose their "
        "favourite categories in the app. We test the redesign in twelve stores before the national "
        "launch.",
    ),
    (
        OC,
        "Klantreis_mapping",
        "Workshop klantreis in kaart brengen",
        "anouk",
        "In de workshop tekenen teams van marketing, IT en winkels samen de klantreis: van "
        "oriënteren op de website tot service na aankoop. Per stap noteren we pijnpunten en ideeën. "
        "De klantreizen van vorig jaar staan in de gedeelde map.",
    ),
    (
        OC,
        "Customer_journey_online",
        "Customer journey: online orientation",
        "bram",
        "Most customers start their journey on a phone. They compare prices, read reviews and check "
        "store stock. The product page must load fast and show delivery options and pickup times.",
    ),
    (
        OC,
        "Roosters_winkelpersoneel",
        "Roosters voor winkelpersoneel",
        "ilse",
        "Roosters worden twee weken vooruit gemaakt in de planningsapp. Medewerkers geven hun "
        "beschikbaarheid uiterlijk op vrijdag door. Ruilen van diensten mag onderling, de "
        "filiaalmanager keurt het goed.",
    ),
    (
        OC,
        "Onboarding_medewerkers",
        "Onboarding nieuwe medewerkers",
        "ilse",
        "Nieuwe medewerkers lopen de eerste week mee met een buddy. Ze volgen de e-learning over de "
        "kassa, retouren en klantvriendelijkheid. Na een maand volgt een gesprek met de "
        "filiaalmanager.",
    ),
    (
        OC,
        "Staff_training",
        "Staff training calendar",
        "joost",
        "Training sessions for store staff run every Tuesday morning. Topics rotate: checkout, "
        "returns, click and collect and customer service. New employees follow the onboarding "
        "track first.",
    ),
    (
        OC,
        "Prijswijzigingen",
        "Prijswijzigingen doorvoeren",
        "bram",
        "Prijzen wijzigen op maandag. Het prijzenbestand gaat zondagavond naar de kassa's en de "
        "webshop. Winkels vervangen de prijskaartjes voor openingstijd. Elektronische "
        "schaplabels werken automatisch bij.",
    ),
    (
        OC,
        "Black_Friday",
        "Black Friday voorbereiding",
        "anouk",
        "Voor Black Friday plannen we extra personeel in winkels en in het DC. De webshop krijgt "
        "extra servercapaciteit. Acties en kortingen worden een week vooraf getest in de kassa en "
        "online. Na afloop verwachten we veel retouren.",
    ),
    (
        OC,
        "Betaalmethoden",
        "Betaalmethoden in de webshop",
        "chantal",
        "Klanten betalen online met iDEAL, creditcard, PayPal of achteraf. Bij achteraf betalen "
        "gelden een limiet en een kredietcheck. In de winkel kan ook contactloos en met de "
        "cadeaukaart betaald worden.",
    ),
    (
        OC,
        "Payment_terminal_outage",
        "Payment terminal outage",
        "karin",
        "When payment terminals fail, stores switch to the backup terminal on the mobile network. "
        "Staff report the outage to the IT service desk. Cash remains accepted. Keep the receipts "
        "of offline payments for the evening close.",
    ),
    (
        OC,
        "Wifi_winkels",
        "Wifi in de winkels",
        "daan",
        "Elke winkel heeft een gastennetwerk voor klanten en een apart netwerk voor kassa's en "
        "scanners. Storingen meld je bij de IT-servicedesk. Het wachtwoord van het gastennetwerk "
        "hangt bij de ingang.",
    ),
    (
        OC,
        "Accounts_wachtwoorden",
        "Accounts en wachtwoorden",
        "karin",
        "Iedere medewerker heeft een eigen account. Wachtwoorden zijn minstens twaalf tekens en "
        "nooit gedeeld. Een nieuw account vraagt de filiaalmanager aan bij de IT-servicedesk. Bij "
        "vertrek wordt het account dezelfde dag geblokkeerd.",
    ),
    (
        OC,
        "AVG_klantgegevens",
        "AVG en klantgegevens",
        "chantal",
        "Klantgegevens bewaren we niet langer dan nodig. Een klant mag zijn gegevens opvragen of "
        "laten verwijderen; zo'n verzoek handelt de klantenservice binnen vier weken af. Deel nooit "
        "klantgegevens via chat of e-mail.",
    ),
    (
        OC,
        "GDPR_requests",
        "GDPR data requests",
        "chantal",
        "A customer may ask which personal data we keep. Customer service verifies the identity, "
        "collects data from the webshop, loyalty programme and store systems, and answers within "
        "one month. Deletion requests follow the same process.",
    ),
    (
        OC,
        "Winkelindeling",
        "Winkelindeling en schappenplan",
        "lars",
        "Het schappenplan bepaalt waar elk artikel in de winkel ligt. Seizoensartikelen staan bij "
        "de ingang. Bij een nieuwe indeling krijgen winkels het plan drie weken vooraf, met "
        "plattegronden per afdeling.",
    ),
    (
        OC,
        "Openingstijden",
        "Openingstijden en feestdagen",
        "ilse",
        "Winkels zijn open van 9:00 tot 18:00, op donderdag tot 21:00. Op feestdagen gelden "
        "aangepaste openingstijden; de klantenservice en de website tonen ze een maand vooraf.",
    ),
    (
        OC,
        "Duiven_op_het_dak",
        "Duiven op het dak van het DC",
        "farid",
        "Op het dak van het distributiecentrum nestelen duiven. Een duif in de hal is een "
        "hygiëneprobleem: meld het bij de facilitaire dienst, die netten laat plaatsen.",
    ),
]
