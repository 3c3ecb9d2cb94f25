#+ title: Stamp the dataset with the id of the new store generation
#+ description: After a published change, lo:buildId names the new generation, so everything cached per store version (counts, the map's projection) is computed afresh.
#+ param: build string required  The new generation's id
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { ?dataset lo:buildId ?old }
INSERT { ?dataset lo:buildId ?build }
WHERE { ?dataset lo:buildId ?old }
