//! Session records (nothing in them names the citizen), and deleting a
//! session's drafts when the operator discards them.

use tokhai_core::session::SessionRecord;

use super::records::{from_js, get_str, to_js};
use super::schema::{DRAFTS, SESSIONS};
use super::{Db, StorageError};

impl Db {
    pub async fn save_session(&self, s: &SessionRecord) -> Result<(), StorageError> {
        self.put(SESSIONS, None, &to_js(s)?).await
    }

    pub async fn session(&self, id: &str) -> Result<Option<SessionRecord>, StorageError> {
        self.get(SESSIONS, id).await?.map(from_js).transpose()
    }

    pub async fn sessions(&self) -> Result<Vec<SessionRecord>, StorageError> {
        self.get_all(SESSIONS).await?.into_iter().map(from_js).collect()
    }

    /// Deletes every draft of a session, with its attachments.
    pub async fn delete_session_drafts(&self, session: &str) -> Result<usize, StorageError> {
        let ids: Vec<String> = self
            .get_all(DRAFTS)
            .await?
            .iter()
            .filter(|r| get_str(r, "session").as_deref() == Some(session))
            .filter_map(|r| get_str(r, "id"))
            .collect();
        for id in &ids {
            self.delete_draft_now(id).await?;
        }
        Ok(ids.len())
    }
}
