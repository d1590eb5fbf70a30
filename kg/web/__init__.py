"""The page kg serve shows at /: a query editor that works offline."""
