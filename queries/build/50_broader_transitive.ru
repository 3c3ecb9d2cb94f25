#+ title: Broader needs, all the way up
#+ description: skos:broaderTransitive for every chain of skos:broader, so a page about a broad area of need can list the services for every narrower need in one join.
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?concept skos:broaderTransitive ?ancestor }
WHERE { ?concept skos:broader+ ?ancestor }
