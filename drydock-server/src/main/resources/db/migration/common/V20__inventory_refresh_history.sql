-- Inventory part (V20–V29): refresh history is listed newest first, page by page.
CREATE INDEX refreshes_newest ON refreshes (at, id);
