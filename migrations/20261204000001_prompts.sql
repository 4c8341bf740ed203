-- The newest message in a chat that asks a question with buttons. A button on an older copy
-- of the same question (the prompt sent again by /back, /start or /language) is stale.
ALTER TABLE chat_sessions ADD COLUMN prompt_message_id integer;
