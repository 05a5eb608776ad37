-- Runs once, when the compose PostgreSQL volume is created: the sample consumers' own database.
CREATE DATABASE tchek_sample;
