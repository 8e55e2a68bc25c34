//! Sentiment and risk signals that make a ticket a person's job (R25).

use countersign_domain::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RiskSignal {
    LegalThreat,
    Chargeback,
    SafetyHazard,
    Fraud,
    HumanRequested,
    StrongFrustration,
}

impl RiskSignal {
    pub fn describe(self) -> &'static str {
        match self {
            RiskSignal::LegalThreat => "threat of legal action",
            RiskSignal::Chargeback => "threat of a chargeback or dispute",
            RiskSignal::SafetyHazard => "injury or safety hazard",
            RiskSignal::Fraud => "signs of fraud or account takeover",
            RiskSignal::HumanRequested => "explicit request for a person",
            RiskSignal::StrongFrustration => "strong frustration",
        }
    }

    /// The trigger's name in the policy file's `[escalation.queues]`.
    pub fn trigger(self) -> &'static str {
        match self {
            RiskSignal::LegalThreat => "legal_threat",
            RiskSignal::Chargeback => "chargeback",
            RiskSignal::SafetyHazard => "safety_hazard",
            RiskSignal::Fraud => "fraud",
            RiskSignal::HumanRequested => "human_requested",
            RiskSignal::StrongFrustration => "strong_frustration",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Risk {
    pub signals: Vec<RiskSignal>,
    /// Customer's text is mostly upper case, or full of exclamation marks.
    pub shouting: bool,
    /// The conversation already had an agent's answer that did not settle it.
    pub repeated_contact: bool,
}

const CUES: &[(RiskSignal, &[&str])] = &[
    (
        RiskSignal::LegalThreat,
        &[
            "lawyer",
            "attorney",
            "legal action",
            "small claims",
            "sue you",
            "court",
            "lawsuit",
        ],
    ),
    (
        RiskSignal::Chargeback,
        &[
            "chargeback",
            "charge back",
            "dispute the charge",
            "dispute with my bank",
            "open a dispute",
            "file a dispute",
        ],
    ),
    (
        RiskSignal::SafetyHazard,
        &[
            "fire",
            "smoke",
            "burned",
            "burnt",
            "injur",
            "electric shock",
            "exploded",
            "sparks",
            "caught fire",
            "melted",
            "hospital",
        ],
    ),
    (
        RiskSignal::Fraud,
        &[
            "didn't place",
            "did not place",
            "hacked",
            "unauthorized",
            "unauthorised",
            "not me who",
            "someone used my",
            "stolen card",
        ],
    ),
    (
        RiskSignal::HumanRequested,
        &[
            "real person",
            "human being",
            "speak to a manager",
            "to a manager",
            "a supervisor",
            "someone senior",
            "not a bot",
            "not a chatbot",
        ],
    ),
];

pub fn assess(ticket: &Ticket, text: &str) -> Risk {
    let lowered = text.to_lowercase();
    let mut signals: Vec<RiskSignal> = CUES
        .iter()
        .filter(|(_, cues)| cues.iter().any(|cue| lowered.contains(cue)))
        .map(|(signal, _)| *signal)
        .collect();
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    let shouting = letters.len() > 40 && upper * 10 > letters.len() * 6;
    let repeated_contact = ticket
        .messages
        .iter()
        .any(|message| message.author == Author::Agent);
    let frustrated = [
        "beyond frustrated",
        "extremely frustrated",
        "i am done",
        "fed up",
        "sick of",
    ]
    .iter()
    .any(|cue| lowered.contains(cue));
    if (frustrated || shouting)
        && repeated_contact
        && !signals.contains(&RiskSignal::HumanRequested)
    {
        signals.push(RiskSignal::StrongFrustration);
    }
    Risk {
        signals,
        shouting,
        repeated_contact,
    }
}

impl Risk {
    /// The trigger of an R25 escalation, when a signal calls for one: the most
    /// serious signal decides (the policy file names its queue).
    pub fn escalation(&self) -> Option<&'static str> {
        let order = [
            RiskSignal::SafetyHazard,
            RiskSignal::Fraud,
            RiskSignal::LegalThreat,
            RiskSignal::Chargeback,
            RiskSignal::HumanRequested,
            RiskSignal::StrongFrustration,
        ];
        order
            .into_iter()
            .find(|signal| self.signals.contains(signal))
            .map(RiskSignal::trigger)
    }

    pub fn sentiment(&self) -> Sentiment {
        if self.signals.contains(&RiskSignal::StrongFrustration) || self.shouting {
            Sentiment::Angry
        } else if self.signals.is_empty() {
            Sentiment::Neutral
        } else {
            Sentiment::Concerned
        }
    }
}
