//! One shared copy of each topic, provider and section among a run's candidates, so a run over
//! hundreds of thousands of articles keeps each distinct value once.

use std::collections::HashSet;
use std::sync::Arc;

use super::candidate::Candidate;

/// One shared copy of every distinct topic, provider and section among a run's candidates.
#[derive(Debug, Default)]
pub struct Interner {
    known: HashSet<Arc<str>>,
}

impl Interner {
    fn share(&mut self, value: &mut Arc<str>) {
        match self.known.get(value) {
            Some(known) => *value = Arc::clone(known),
            None => {
                self.known.insert(Arc::clone(value));
            }
        }
    }

    /// Makes `candidate`'s repeated strings the shared copies.
    pub fn intern(&mut self, candidate: &mut Candidate) {
        let Some(facets) = candidate.facets.as_deref_mut() else {
            return;
        };
        for topic in facets.topics.iter_mut() {
            self.share(topic);
        }
        for value in [
            &mut facets.provider_name,
            &mut facets.provider_domain,
            &mut facets.section,
        ]
        .into_iter()
        .flatten()
        {
            self.share(value);
        }
    }
}
