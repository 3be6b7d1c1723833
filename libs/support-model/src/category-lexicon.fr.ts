import type { Lexicon } from './category-lexicon';

/**
 * French. Matched on words with accents folded ("facturé" = "facture"); an elision is its own
 * word ("l'abonnement" reads "l abonnement"), so terms are written without it.
 */
export const FRENCH_LEXICON: Lexicon = {
  billing: [
    [4.5, 'facturé deux fois', 'double facturation', 'double prélèvement', 'prélevé deux fois'],
    [4.5, 'débité deux fois', 'surfactur*', 'trop facturé', 'montant incorrect', 'note de crédit'],
    [4, 'factur*', 'rembours*', 'mauvais montant', 'erreur de facturation'],
    [3, 'frais', 'tarif', 'tarifs', 'tarification', 'montant', 'montants', 'prix', 'coût*'],
    [3, 'débité', 'débitée', 'prélevé', 'prélevée'],
    [2.5, 'tva', 'taxe', 'taxes', 'relevé', 'plus cher', 'augmenté', 'hausse'],
    [2, 'remise', 'réduction', 'devise'],
  ],
  payment: [
    [4.5, 'moyen de paiement', 'mode de paiement', 'carte bancaire', 'carte de crédit'],
    [4.5, 'carte refusée', 'paiement refusé', 'prélèvement automatique', 'retard de paiement'],
    [4, 'paiement*', 'payer', 'payé', 'payée', 'virement*', 'prélèvement*', 'compte bancaire'],
    [3, 'refusée', 'refusé', 'impayé*', 'échéance', 'carte', 'cartes', 'réglé', 'régler'],
  ],
  'subscription-management': [
    [4, 'abonnement*', 'licence*', 'renouvel*', 'résili*', 'désabonn*', 'sièges', 'postes'],
    [4, 'utilisateurs supplémentaires', 'nombre d utilisateurs', 'offre d essai', 'abonné'],
    [3, 'mise à niveau', 'période d essai', 'version d essai', 'essai gratuit', 'forfait*'],
    [2.5, 'annul*', 'prolong*', 'mensuel', 'annuel', 'échu', 'formule'],
  ],
  account: [
    [4.5, 'création de compte', 'créer un compte', 'nouveau compte', 'ouverture de compte'],
    [4.5, 'inscription', 'identifiant*', 'mot de passe', 'mots de passe', 'se connecter'],
    [4.5, 'plus accès', 'pas accès', 'perdu l accès', 'accès refusé', 'accéder à notre compte'],
    [4, 'compte', 'comptes', 'connexion', 'bloqué', 'verrouillé', 'locataire', 'mdp'],
    [3, 'nom d utilisateur', 'double authentification', 'droits d administrateur', 'profil'],
    [1.5, 'accès', 'accéder'],
  ],
  technical: [
    [4.5, 'question technique', 'problème technique', 'souci technique'],
    [4, 'technique*', 'interface', 'point de terminaison', 'jeton*', 'intégrer'],
    [3, 'authentification', 'base de données', 'requête*', 'synchronis*', 'certificat*'],
    [3, 'délai d attente', 'code de statut', 'code retour'],
    [2.5, 'réponse', 'renvoie', 'retourne'],
    [1.5, 'données'],
  ],
  'break-fix': [
    [4.5, 'ne fonctionne', 'fonctionne pas', 'fonctionne plus', 'ne marche', 'marche pas'],
    [4.5, 'marche plus', 'plante', 'plantage', 'se bloque', 'bloquée', 'figé', 'figée'],
    [4.5, 'bogue', 'ne démarre', 'démarre pas', 'ne s ouvre', 'ne se lance', 'ne charge'],
    [4.5, 'cassé', 'cassée', 'dysfonctionnement*', 'défaillance', 'se ferme'],
    [4, 'erreur*', 'anomalie*', 'échoue', 'échouent', 'échec', 'a échoué', 'corrompu*'],
    [4, 'écran blanc', 'message d erreur'],
    [3, 'redémarr*', 'répar*', 'corriger', 'impossible de', 'impossible d'],
  ],
  'user-support': [
    [4, 'comment', 'est il possible', 'est ce possible', 'marche à suivre'],
    [3, 'paramètre*', 'paramétr*', 'réglage*', 'autorisation*', 'droits', 'rôle', 'rôles'],
    [3, 'activer', 'désactiver', 'personnalis*'],
    [2.5, 'fonctionnalité*', 'utiliser', 'aide', 'expliquer', 'expliquez'],
  ],
  'documentation-training': [
    [5, 'formation*', 'manuel*', 'guide d utilisation', 'guide utilisateur', 'mode d emploi'],
    [4, 'tutoriel*', 'webinaire*', 'cours', 'base de connaissances', 'notes de version'],
    [4, 'atelier*', 'apprentissage', 'apprendre', 'supports de formation'],
    [3, 'exemple*', 'vidéo*', 'documents'],
  ],
  'service-health': [
    [5, 'panne*', 'indisponib*', 'interruption de service', 'page d état', 'état du service'],
    [5, 'hors service', 'hors ligne', 'est tombé', 'inaccessible*', 'ne répond plus'],
    [
      4,
      'dégradation',
      'disponibilité',
      'lenteur*',
      'tous les utilisateurs',
      'tous nos utilisateurs',
    ],
    [4, 'coupure*', 'impossible de se connecter au service'],
    [3, 'lent', 'lente', 'très lent', 'ralenti*', 'statut', 'rétabli'],
  ],
  'offer-management': [
    [5, 'fiche de l offre', 'fiche produit', 'publier', 'publication', 'publié', 'publiée'],
    [5, 'mise en ligne', 'référencement', 'offre privée', 'soumission', 'soumettre'],
    [4, 'offre', 'offres', 'aperçu', 'annonce', 'vitrine', 'soumis', 'soumise'],
    [1.5, 'approbation', 'approuvé', 'rejeté', 'rejetée', 'validation'],
  ],
  transaction: [
    [5, 'commande', 'commandes', 'commandé', 'bon de commande', 'panier'],
    [4, 'achat*', 'acheté', 'achetée', 'acheter', 'achète'],
    [3, 'devis', 'revente', 'revendre'],
  ],
  'deployment-provisioning': [
    [5, 'déploi*', 'déployé*', 'provisionn*', 'application managée', 'groupe de ressources'],
    [4.5, 'abonnement azure', 'machine virtuelle', 'machines virtuelles', 'modèle arm'],
    [3, 'environnement*', 'mise en service'],
  ],
  'isv-contact-request': [
    [5, 'coordonnées', 'interlocuteur*', 'personne de contact', 'point de contact'],
    [5, 'qui contacter', 'contacter l éditeur', 'joindre l éditeur', 'contact technique'],
    [4, 'contacter', 'numéro de téléphone', 'adresse e mail', 'adresse email', 'éditeur*'],
    [3, 'fournisseur*', 'joindre'],
  ],
  neutral: [
    [0, 'merci', 'bonjour', 'cordialement', 'bien cordialement', 'merci d avance', 'gratuit'],
    [0, 's il vous plaît', 'nous contacter', 'afin de', 'sans frais', 'à titre gratuit'],
  ],
};
