/**
 * Words for the generated documents: a seeded PRNG and small vocabularies in English, German and
 * French. Sentences are subject + verb + object + complement (20 × 16 × 20 × 20 = 128,000 per
 * language, more with an opener), drawn without repetition over the whole set, so a `present` or
 * `order` test names exactly one place.
 */

export type Lang = 'en' | 'de' | 'fr';

/** mulberry32: small, fast and the same on every platform (Math.random cannot be seeded). */
export function makeRng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  /** `n` distinct items in random order. */
  const sample = <T>(items: readonly T[], n: number): T[] => {
    const pool = [...items];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, n);
  };
  return { next, int, pick, chance, sample };
}
export type Rng = ReturnType<typeof makeRng>;

interface Vocabulary {
  subjects: string[];
  verbs: string[];
  objects: string[];
  complements: string[];
  /** Sentence openers; German ones move the verb before the subject (verb second). */
  openers: string[];
  sections: string[];
}

/** Vocabularies are written as '|'-separated lists: one line each, easy to extend. */
const words = (list: string) => list.split('|');

const en: Vocabulary = {
  subjects: words(
    'The regional office|Our maintenance team|The steering committee|The finance department|Each project lead|The survey group|The northern depot|A small working group|The quality board|The logistics partner|The research unit|The city council|The field engineers|The audit team|The customer service desk|The training centre|The harbour authority|The procurement office|The design studio|The laboratory staff',
  ),
  verbs: words(
    'reviewed|updated|published|compared|extended|simplified|documented|tested|replaced|approved|measured|postponed|analysed|revised|prepared|summarised',
  ),
  objects: words(
    'the maintenance schedule|the annual budget|the safety guidelines|the delivery routes|the energy figures|the staffing plan|the water samples|the pricing model|the inspection records|the software release|the training material|the supplier contracts|the traffic counts|the storage layout|the emission targets|the test protocol|the archive index|the cooling system|the visitor survey|the risk register',
  ),
  complements: words(
    "before the spring audit|for the coastal branches|after a long consultation|with the help of two interns|in close cooperation with the suppliers|during the third quarter|for all northern sites|ahead of the board meeting|within the agreed budget|despite the late deliveries|using the new measurement method|at the request of the regulator|for the upcoming winter season|based on last year's results|without interrupting daily operations|in line with the new policy|for the pilot region|after the October storms|to reduce waiting times|on behalf of the shareholders",
  ),
  openers: words('In addition,|As planned,|For the first time,|Last month,|In contrast,|As a result,'),
  sections: words(
    'Introduction|Background|Scope of the review|Method|Data collection|Results|Discussion|Limitations|Recommendations|Outlook|Budget overview|Staffing|Safety|Maintenance|Installation|Configuration|Troubleshooting|Operating conditions|Quality control|Regional developments|Customer feedback|Next steps|Timeline|Energy use|Water quality|Training',
  ),
};

const de: Vocabulary = {
  subjects: words(
    'Das Regionalbüro|Unser Wartungsteam|Der Lenkungsausschuss|Die Finanzabteilung|Jede Projektleiterin|Die Arbeitsgruppe|Das nördliche Lager|Der Qualitätsbeirat|Der Logistikpartner|Die Forschungsstelle|Der Stadtrat|Das Prüfteam|Die Kundenberatung|Das Schulungszentrum|Die Hafenbehörde|Die Einkaufsabteilung|Das Planungsbüro|Das Laborpersonal|Der Betriebsrat|Die Geschäftsführung',
  ),
  verbs: words(
    'prüfte|aktualisierte|veröffentlichte|verglich|erweiterte|vereinfachte|dokumentierte|testete|ersetzte|genehmigte|überarbeitete|verschob|analysierte|begutachtete|übernahm|bestätigte',
  ),
  objects: words(
    'den Wartungsplan|das Jahresbudget|die Sicherheitsrichtlinien|die Lieferrouten|die Energiekennzahlen|den Personalplan|die Wasserproben|das Preismodell|die Prüfprotokolle|die Softwareversion|das Schulungsmaterial|die Lieferverträge|die Verkehrszählungen|die Lagerordnung|die Emissionsziele|das Testverfahren|den Archivindex|die Kühlanlage|die Besucherumfrage|das Risikoregister',
  ),
  complements: words(
    'vor der Frühjahrsprüfung|für die Filialen an der Küste|nach einer langen Anhörung|mit Hilfe von zwei Praktikanten|in enger Abstimmung mit den Lieferanten|im dritten Quartal|für alle nördlichen Standorte|vor der Sitzung des Vorstands|im Rahmen des vereinbarten Budgets|trotz der verspäteten Lieferungen|mit dem neuen Messverfahren|auf Wunsch der Aufsichtsbehörde|für die kommende Wintersaison|auf Grundlage der Vorjahresergebnisse|ohne Unterbrechung des Betriebs|gemäß der neuen Richtlinie|für die Pilotregion|nach den Stürmen im Oktober|zur Verkürzung der Wartezeiten|im Auftrag der Gesellschafter',
  ),
  openers: words('Zusätzlich|Wie geplant|Zum ersten Mal|Im letzten Monat|Im Gegensatz dazu|Daraufhin'),
  sections: words(
    'Einleitung|Hintergrund|Umfang der Prüfung|Methodik|Datenerhebung|Ergebnisse|Diskussion|Einschränkungen|Empfehlungen|Ausblick|Budgetübersicht|Personal|Sicherheit|Wartung|Installation|Konfiguration|Fehlerbehebung|Betriebsbedingungen|Qualitätskontrolle|Regionale Entwicklungen|Rückmeldungen der Kunden|Nächste Schritte|Zeitplan|Energieverbrauch|Wasserqualität|Schulungen',
  ),
};

const fr: Vocabulary = {
  subjects: words(
    "Le bureau régional|Notre équipe de maintenance|Le comité de pilotage|Le service financier|Chaque chef de projet|Le groupe d'enquête|Le dépôt du nord|Le conseil de qualité|Le partenaire logistique|L'unité de recherche|Le conseil municipal|L'équipe d'audit|Le service client|Le centre de formation|L'autorité portuaire|Le service des achats|Le bureau d'études|Le personnel du laboratoire|La direction générale|Le comité d'entreprise",
  ),
  verbs: words(
    'a examiné|a mis à jour|a publié|a comparé|a prolongé|a simplifié|a documenté|a testé|a remplacé|a approuvé|a révisé|a reporté|a analysé|a préparé|a résumé|a validé',
  ),
  objects: words(
    "le calendrier d'entretien|le budget annuel|les consignes de sécurité|les tournées de livraison|les données énergétiques|le plan des effectifs|les échantillons d'eau|le modèle tarifaire|les rapports d'inspection|la version du logiciel|le matériel de formation|les contrats fournisseurs|les comptages de trafic|le plan de stockage|les objectifs d'émission|le protocole d'essai|l'index des archives|le système de refroidissement|l'enquête auprès des visiteurs|le registre des risques",
  ),
  complements: words(
    "avant l'audit de printemps|pour les agences du littoral|après une longue concertation|avec l'aide de deux stagiaires|en étroite coopération avec les fournisseurs|au cours du troisième trimestre|pour tous les sites du nord|avant la réunion du conseil|dans le respect du budget prévu|malgré les livraisons tardives|grâce à la nouvelle méthode de mesure|à la demande de l'autorité de contrôle|pour la prochaine saison d'hiver|sur la base des résultats de l'an dernier|sans interrompre l'activité quotidienne|conformément à la nouvelle politique|pour la région pilote|après les tempêtes d'octobre|afin de réduire les délais d'attente|au nom des actionnaires",
  ),
  openers: words(
    'En outre,|Comme prévu,|Pour la première fois,|Le mois dernier,|En revanche,|Par conséquent,',
  ),
  sections: words(
    "Introduction|Contexte|Périmètre de l'examen|Méthode|Collecte des données|Résultats|Discussion|Limites|Recommandations|Perspectives|Aperçu du budget|Effectifs|Sécurité|Maintenance|Installation|Configuration|Dépannage|Conditions d'utilisation|Contrôle qualité|Évolutions régionales|Retours des clients|Prochaines étapes|Calendrier|Consommation d'énergie|Qualité de l'eau|Formation",
  ),
};

export const vocabularies: Record<Lang, Vocabulary> = { en, de, fr };

/** Lower-cases the determiner that starts a subject ("Das Regionalbüro" → "das Regionalbüro"). */
const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);

/** Sentences never repeated within one generated set (the set shares one `used`). */
export function makeWriter(rng: Rng, lang: Lang, used: Set<string>) {
  const v = vocabularies[lang];
  const sentence = (): string => {
    for (;;) {
      const [s, verb, o, c] = [
        rng.pick(v.subjects),
        rng.pick(v.verbs),
        rng.pick(v.objects),
        rng.pick(v.complements),
      ];
      let text = `${s} ${verb} ${o} ${c}.`;
      if (rng.chance(0.25)) {
        const opener = rng.pick(v.openers);
        text =
          lang === 'de'
            ? `${opener} ${verb} ${lowerFirst(s)} ${o} ${c}.`
            : `${opener} ${lowerFirst(s)} ${verb} ${o} ${c}.`;
      }
      if (used.has(text)) continue;
      used.add(text);
      return text;
    }
  };
  const sentences = (lo: number, hi: number) => Array.from({ length: rng.int(lo, hi) }, sentence);
  /** A short phrase (object + complement, capitalised): list items, captions, table cells. */
  const phrase = (): string => {
    for (;;) {
      const text = `${rng.pick(v.objects)} ${rng.pick(v.complements)}`;
      const capital = text[0]!.toUpperCase() + text.slice(1);
      if (used.has(capital)) continue;
      used.add(capital);
      return capital;
    }
  };
  return { sentence, sentences, phrase, sections: v.sections };
}
export type Writer = ReturnType<typeof makeWriter>;
