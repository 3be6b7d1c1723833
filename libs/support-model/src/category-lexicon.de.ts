import type { Lexicon } from './category-lexicon';

/**
 * German. Matched on words with accents folded, so "Gebühr" and "Gebuhr" read the same; the
 * "ue"/"oe"/"ae" spellings of umlauts are listed where they are common. `*teil*` matches
 * inside a compound ("*rechnung*" in "Monatsrechnung", "*fehler*" in "Anmeldefehler").
 */
export const GERMAN_LEXICON: Lexicon = {
  billing: [
    [4.5, 'doppelt abgebucht', 'doppelt berechnet', 'zweimal abgebucht', 'zweimal berechnet'],
    [4.5, 'doppelte abbuchung', 'doppelte rechnung', 'falsche rechnung', 'zu viel berechnet'],
    [4.5, 'rückerstattung', 'rueckerstattung', 'rückzahlung', 'rueckzahlung', 'gutschrift*'],
    [4, '*rechnung*', 'erstattung', 'erstatten', 'geld zurück', 'geld zurueck', 'überhöht*'],
    [3.5, 'abgebucht', 'berechnet', 'abbuchung*', 'belastet', 'belastung', 'faktur*'],
    [3, 'gebühr*', 'gebuehr*', 'kosten', 'betrag', 'beträge', 'betraege', 'preis', 'preise'],
    [2.5, 'mwst', 'mehrwertsteuer', 'umsatzsteuer', 'steuer', 'quittung', 'beleg', 'teurer'],
    [2, 'rabatt*', 'preiserhöhung', 'währung'],
  ],
  payment: [
    [4.5, 'zahlungsmethode*', 'zahlungsart*', 'zahlungsmittel', 'kreditkarte*', 'lastschrift*'],
    [4.5, 'karte abgelehnt', 'karte wurde abgelehnt', 'zahlung abgelehnt', 'sepa'],
    [4, '*zahlung*', 'überweisung*', 'ueberweisung*', 'bezahl*', 'zahlen', 'gezahlt'],
    [3, 'abgelehnt', 'zahlungsverzug', 'mahnung*', 'offene posten', 'überfällig', 'iban'],
    [2.5, 'karte', 'bankkonto'],
  ],
  'subscription-management': [
    [4, 'abonnement*', 'abo', 'abos', '*lizenz*', 'verlänger*', 'verlaenger*', 'kündig*'],
    [4, 'kuendig*', 'benutzeranzahl', 'nutzeranzahl', 'arbeitsplätze', 'plätze', 'abonniert'],
    [3, 'testversion', 'testphase', 'probeabo', 'tarif', 'tarife', 'laufzeit', 'erneuer*'],
    [3, 'weitere benutzer', 'mehr benutzer', 'zusätzliche benutzer', 'sitze', 'pläne'],
    [2.5, 'stornier*', 'abbestell*', 'abgelaufen', 'läuft ab', 'jährlich', 'monatlich'],
  ],
  account: [
    [4.5, 'konto erstellen', 'konto anlegen', 'neues konto', 'kontoeinrichtung', 'registrier*'],
    [4.5, 'anmeldedaten', 'zugangsdaten', 'kein zugriff', 'keinen zugriff', 'zugriff verloren'],
    [4, 'konto', 'kontos', 'konten', 'benutzerkonto*', 'anmeld*', 'einlogg*', 'eingeloggt'],
    [4, 'passwort*', 'kennwort*', 'gesperrt', 'ausgesperrt', 'mandant*'],
    [3, 'benutzername', 'zwei faktor*', 'zweifaktor*', 'administratorrechte', 'adminrechte'],
    [2.5, 'profil', 'zugang', 'verzeichnis'],
    [1.5, 'zugriff'],
  ],
  technical: [
    [4.5, 'technische frage', 'technisches problem', 'technische probleme'],
    [4, 'technisch*', 'schnittstelle*', 'anbindung', 'endpunkt*', 'programmierschnittstelle'],
    [3, 'authentifizier*', 'datenbank*', 'abfrage*', 'synchronisier*', 'kompatib*', 'skript*'],
    [3, 'zertifikat', 'zertifikate', 'zeitüberschreitung', 'statuscode', 'antwortzeit*'],
    [2.5, 'liefert', 'gibt zurück', 'antwort'],
    [1.5, 'daten'],
  ],
  'break-fix': [
    [4.5, 'funktioniert nicht', 'funktioniert nicht mehr', 'geht nicht', 'geht nicht mehr'],
    [4.5, 'stürzt', 'stuerzt', '*absturz*', 'abgestürzt', 'abgestuerzt', 'startet nicht'],
    [4.5, 'lädt nicht', 'laedt nicht', 'öffnet nicht', 'friert ein', 'eingefroren', 'kaputt'],
    [4.5, 'hängt sich auf', 'haengt sich auf', 'klappt nicht', 'defekt'],
    [4, '*fehler*', 'fehlgeschlagen', 'schlägt fehl', 'schlaegt fehl', 'beschädigt'],
    [3, 'hängt', 'haengt', 'reparier*', 'beheben', 'behoben', 'neustart', 'neu starten'],
    [2.5, 'funktioniert', 'nicht möglich', 'nicht mehr'],
  ],
  'user-support': [
    [4, 'wie kann ich', 'wie können wir', 'wie kann man', 'wie richte ich', 'wie richten wir'],
    [4, 'wie funktioniert', 'ist es möglich', 'vorgehensweise', 'wie stelle ich'],
    [3.5, 'einrichten', 'konfigurier*', 'einstellung*', 'berechtigung*', 'benutzerrolle*'],
    [3, 'rolle', 'rollen', 'aktivieren', 'deaktivieren', 'anpassen'],
    [2.5, 'funktion', 'funktionen', 'hilfe', 'erklären', 'erklaeren'],
    [1, 'frage', 'fragen'],
  ],
  'documentation-training': [
    [5, '*dokumentation*', 'handbuch', 'handbücher', 'benutzerhandbuch', 'bedienungsanleitung'],
    [5, 'schulung*', 'anleitung*', 'benutzeranleitung'],
    [4, 'kurs', 'kurse', 'lernmaterial*', 'wissensdatenbank', 'versionshinweise', 'leitfaden'],
    [4, 'unterlagen', 'weiterbildung', 'lernen'],
    [3, 'beispiel*', 'doku', 'dokument', 'dokumente'],
  ],
  'service-health': [
    [
      5,
      '*ausfall*',
      'ausfälle',
      'ausgefallen',
      'nicht erreichbar',
      'nicht verfügbar',
      'nicht verfuegbar',
    ],
    [5, 'statusseite', 'wartungsarbeiten', 'störung*', 'stoerung*', 'keine verbindung'],
    [4, 'verbindungsabbruch', 'unterbrechung*', 'verfügbarkeit', 'erreichbarkeit', 'wartung'],
    [4, 'alle benutzer', 'alle nutzer', 'alle mitarbeiter', 'ist down', 'sind down'],
    [3, 'langsam', 'verzögerung*', 'beeinträchtig*', 'seit heute morgen', 'seit stunden'],
    [2.5, 'status', 'benachrichtigung*', 'verbindung'],
  ],
  'offer-management': [
    [5, 'angebotsseite', 'veröffentlich*', 'veroeffentlich*', 'zertifizierung*', 'listung'],
    [5, 'privates angebot', 'private angebot', 'einreichung', 'eingereicht', 'einreichen'],
    [3.5, 'angebot', 'angebote', 'vorschau'],
    [1.5, 'genehmigung', 'genehmigt', 'freigabe', 'freigegeben'],
  ],
  transaction: [
    [5, 'bestell*', 'kaufabwicklung', 'warenkorb', 'transaktion*'],
    [4, 'kauf', 'kaufen', 'gekauft', 'einkauf*', 'erworben', 'erwerb*'],
    [3, 'kostenvoranschlag', 'angebot anfordern', 'wiederverkauf*'],
  ],
  'deployment-provisioning': [
    [5, 'bereitstell*', 'provisionier*', 'verwaltete anwendung*', 'ressourcengruppe*'],
    [4.5, 'azure abonnement', 'virtuelle maschine*', 'arm vorlage*'],
    [4, 'installier*', 'ausroll*', 'ausgerollt'],
    [3, 'umgebung*', 'instanz*'],
  ],
  'isv-contact-request': [
    [5, 'kontaktdaten', 'kontaktinformation*', 'ansprechpartner*', 'ansprechperson'],
    [5, 'supportkontakt', 'support kontakt', 'kontaktperson', 'an wen', 'wen können wir'],
    [4, 'kontakt', 'kontakte', 'kontaktieren', 'telefonnummer', 'e mail adresse'],
    [3, 'hersteller*', 'anbieter*', 'softwareanbieter', 'herausgeber', 'erreichen'],
  ],
  neutral: [
    [0, 'vielen dank', 'mit freundlichen grüßen', 'mit freundlichen gruessen', 'danke', 'hallo'],
    [0, 'freundliche grüße', 'sehr geehrte', 'sehr geehrter', 'guten tag', 'bitte', 'kostenlos'],
    [0, 'kontaktieren sie uns', 'ohne kosten'],
  ],
};
