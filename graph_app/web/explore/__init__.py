"""Record pages (/id/<kind>/<slug>, /kinds/...), the glossary and the area choice (/area)."""
