"""Issuing and keeping: the register of outgoing documents, the write-once archive, the printed register book."""
