# frozen_string_literal: true

# Evaluates a rendered cookbook for one platform the way Chef's compile phase would,
# and prints what it declares as JSON. This is NOT Chef: no provider runs, nothing
# converges. It runs metadata.rb, attributes/default.rb and the recipes against
# Fauxhai's offline node data with a small DSL that records every resource (type,
# name, actions, properties, guards, notifications), resolves notifications the way
# Chef does at the end of compile, reads cookbook_file sources from files/default/
# and renders templates with Erubis as Chef's TemplateContext does. Anything it does
# not model (a DSL method, a resource type, a property, a Kernel escape hatch such as
# `system`) raises, so it cannot pass code it does not understand.
#
# Usage: ruby evaluate.rb COOKBOOK_DIR PLATFORM VERSION [ATTRIBUTES_JSON] [--converge]
# ATTRIBUTES_JSON is merged over the cookbook's defaults (Chef's override level).
# --converge also runs block guards and ruby_block blocks (on this machine's files).

require 'base64'
require 'json'
require 'erubis'
require 'fauxhai'
require_relative 'dsl'

module ChefEval
  # One run: the node, the resource collection and the recipes seen so far.
  class Run
    attr_reader :node, :cookbook, :name, :resources, :run_list, :shell_outs

    def initialize(cookbook, name, node, converge)
      @cookbook = cookbook
      @name = name
      @node = node
      @converge = converge
      @resources = []
      @run_list = []
      @shell_outs = []
    end

    def include_recipe(spec)
      cookbook, recipe = spec.split('::', 2)
      raise EvalError, "include_recipe '#{spec}': only this cookbook (#{@name}) is known" if cookbook != @name

      recipe ||= 'default'
      return if @run_list.include?("#{cookbook}::#{recipe}")

      @run_list << "#{cookbook}::#{recipe}"
      path = File.join(@cookbook, 'recipes', "#{recipe}.rb")
      raise EvalError, "include_recipe '#{spec}': no #{path}" unless File.file?(path)

      Recipe.new(self, recipe).instance_eval(File.read(path), path, 1)
    end

    def declare(type, name, where, block)
      resource = Resource.new(self, type, name, where)
      resource.instance_exec(&block) if block
      @resources << resource
      resource
    end

    def file_source(source)
      checked_specificity('files')
      read_source('files', source)
    end

    def template_source(source)
      checked_specificity('templates')
      read_source('templates', source)
    end

    # Chef's end-of-compile step: every notification must name a declared resource
    # that has the action, with a timing Chef knows.
    def resolve_notifications
      @resources.each do |resource|
        resource.notifications.each do |note|
          match = /\A([a-z_]+)\[(.*)\]\z/m.match(note[:target])
          raise EvalError, "#{resource}: notification target '#{note[:target]}' is not type[name]" unless match

          target = @resources.find { |r| r.resource_type == match[1] && r.name == match[2] }
          raise EvalError, "#{resource}: notifies missing resource #{note[:target]}" unless target
          raise EvalError, "#{resource}: #{target} has no action :#{note[:action]}" unless target.spec[:actions].include?(note[:action])
          raise EvalError, "#{resource}: unknown timing :#{note[:timing]}" unless %i[delayed immediately immediate before].include?(note[:timing])
        end
      end
    end

    def converge?
      @converge
    end

    private

    # Chef looks in host-*, platform-version and platform directories before default/;
    # this evaluator models default/ only, so any other directory is an error.
    def checked_specificity(kind)
      dirs = Dir.glob(File.join(@cookbook, kind, '*')).select { |d| File.directory?(d) }
      other = dirs.map { |d| File.basename(d) } - ['default']
      raise EvalError, "#{kind}/#{other.first}: file specificity is not modelled" unless other.empty?
    end

    def read_source(kind, source)
      raise EvalError, "#{kind} source must be a String, got #{source.inspect}" unless source.is_a?(String)

      path = File.join(@cookbook, kind, 'default', source)
      raise EvalError, "#{kind}/default/#{source} does not exist (Chef would fail to find it)" unless File.file?(path)

      path
    end
  end

  # metadata.rb: the fields a cookbook's metadata may set, and nothing else.
  class Metadata
    SINGLE = %w[name maintainer maintainer_email license description long_description version
                chef_version source_url issues_url].freeze

    def self.load(cookbook)
      path = File.join(cookbook, 'metadata.rb')
      meta = new
      meta.instance_eval(File.read(path), path, 1)
      meta.to_h
    end

    SINGLE.each do |field|
      define_method(field) do |*values|
        raise EvalError, "metadata #{field} takes one value, got #{values.length}" unless values.length == 1 || field == 'chef_version'

        @fields[field] = field == 'chef_version' ? values : values.first
      end
    end

    def initialize
      @fields = { 'supports' => [], 'depends' => [] }
    end

    def supports(platform, *constraint)
      @fields['supports'] << [platform, *constraint]
    end

    def depends(cookbook, *constraint)
      @fields['depends'] << [cookbook, *constraint]
    end

    def to_h
      @fields
    end

    include Strict
  end
end

module ChefEval
  # The command line: evaluate, print the JSON, or print the error as JSON and exit 1.
  def self.main(argv)
    converge = !argv.delete('--converge').nil?
    cookbook, platform, version, attributes = argv
    raise EvalError, 'usage: evaluate.rb COOKBOOK PLATFORM VERSION [ATTRIBUTES_JSON] [--converge]' unless version

    self.cookbook_root = File.expand_path(cookbook)
    automatic = Fauxhai.mock(platform: platform, version: version, github_fetching: false).data
    node = Node.new(automatic, attributes ? JSON.parse(attributes) : {})
    metadata = Metadata.load(cookbook)
    run = Run.new(cookbook, metadata.fetch('name'), node, converge)
    attribute_file = File.join(cookbook, 'attributes', 'default.rb')
    AttributeFile.new(node).instance_eval(File.read(attribute_file), attribute_file, 1)
    run.include_recipe(run.name)
    run.resolve_notifications
    run.resources.each(&:converge) if converge

    {
      'platform' => automatic['platform'], 'platform_family' => automatic['platform_family'],
      'metadata' => metadata, 'attributes' => node.merged[run.name],
      'run_list' => run.run_list, 'resources' => run.resources.map(&:to_h),
      'shell_outs' => run.shell_outs
    }
  end
end

begin
  puts JSON.generate(ChefEval.main(ARGV.dup))
rescue StandardError, ScriptError => e
  where = e.backtrace.to_a.find { |line| !line.include?(__dir__) } || e.backtrace.to_a.first
  puts JSON.generate('error' => { 'class' => e.class.name, 'message' => e.message, 'where' => where })
  exit 1
end
