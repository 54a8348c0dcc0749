//! Which screens a form has: its catalog steps, an attachments screen for
//! document slots no step places, and the review screen.

use tokhai_core::form::Form;

/// What kind of screen step `i` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Catalog(usize),
    Attachments,
    Review,
}

pub fn screens(form: &Form) -> Vec<Screen> {
    let mut s: Vec<Screen> = (0..form.procedure.ui.steps.len()).map(Screen::Catalog).collect();
    if !unplaced_documents(form).is_empty() {
        s.push(Screen::Attachments);
    }
    s.push(Screen::Review);
    s
}

/// Document slots no `file` element places on a step.
pub fn unplaced_documents(form: &Form) -> Vec<String> {
    let mut placed = Vec::new();
    fn collect(els: &[tokhai_core::catalog::Element], out: &mut Vec<String>) {
        for e in els {
            if let Some(d) = &e.document {
                out.push(d.clone());
            }
            collect(&e.elements, out);
        }
    }
    for step in &form.procedure.ui.steps {
        collect(&step.elements, &mut placed);
    }
    form.procedure.documents.iter().filter(|d| !placed.contains(&d.id)).map(|d| d.id.clone()).collect()
}

