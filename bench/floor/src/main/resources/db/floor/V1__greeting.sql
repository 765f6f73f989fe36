CREATE TABLE greeting (id text PRIMARY KEY, text text NOT NULL);
INSERT INTO greeting VALUES ('hello', 'Hello');
