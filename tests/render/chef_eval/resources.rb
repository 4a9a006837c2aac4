# frozen_string_literal: true

# Resources as the evaluator records them. SPECS lists, per resource type, the
# properties and actions Chef 16 documents for it (a subset: a property missing here
# raises even if Chef has it, which is the safe direction).

require 'base64'
require 'digest'
require 'erubis'

module ChefEval
  FILE_PROPS = %w[path owner group mode inherits backup atomic_update force_unlink
                  manage_symlink_source].freeze
  FILE_ACTIONS = %i[create create_if_missing delete touch nothing].freeze
  COMMON_PROPS = %w[sensitive ignore_failure retries retry_delay].freeze

  # One declared resource.
  class Resource
    include Strict
    include Introspection

    SPECS = {
      'file' => { props: FILE_PROPS + %w[content], actions: FILE_ACTIONS, default: :create },
      'cookbook_file' => { props: FILE_PROPS + %w[source cookbook], actions: FILE_ACTIONS, default: :create },
      'template' => { props: FILE_PROPS + %w[source cookbook local], actions: FILE_ACTIONS, default: :create },
      'remote_file' => { props: FILE_PROPS + %w[source checksum headers use_conditional_get],
                         actions: FILE_ACTIONS, default: :create },
      'directory' => { props: %w[path owner group mode inherits recursive],
                       actions: %i[create delete nothing], default: :create },
      'execute' => { props: %w[command creates cwd environment user group returns timeout live_stream
                               login umask],
                     actions: %i[run nothing], default: :run },
      'package' => { props: %w[package_name version options source timeout],
                     actions: %i[install upgrade remove purge reconfig lock unlock nothing],
                     default: :install },
      'windows_package' => { props: %w[package_name source checksum installer_type version options
                                       returns timeout],
                             actions: %i[install remove nothing], default: :install },
      'launchd' => { props: %w[label program_arguments program run_at_load keep_alive
                               throttle_interval path type environment_variables standard_out_path
                               standard_error_path username working_directory start_interval
                               disabled],
                     actions: %i[create create_if_missing delete disable enable restart nothing],
                     default: :create },
      'service' => { props: %w[service_name supports pattern],
                     actions: %i[enable disable start stop restart reload nothing], default: :nothing },
      'windows_service' => { props: %w[service_name startup_type run_as_user run_as_password
                                       binary_path_name delayed_start description display_name],
                             actions: %i[configure configure_startup create delete disable enable
                                         reload restart start stop nothing],
                             default: :nothing },
      'ruby_block' => { props: %w[block_name], actions: %i[run create nothing], default: :run }
    }.freeze
    # Resource types whose content the evaluator resolves and reports.
    CONTENT_TYPES = %w[file cookbook_file template].freeze
    FILE_TYPES = %w[file cookbook_file template remote_file directory].freeze

    attr_reader :resource_type, :name, :spec, :notifications

    def initialize(run, type, name, where)
      @run = run
      @resource_type = type
      @name = name
      @where = where
      @spec = SPECS.fetch(type)
      @properties = {}
      @actions = [@spec[:default]]
      @guards = []
      @notifications = []
      @rights = []
      @converged = nil
    end

    def to_s
      "#{@resource_type}[#{@name}] (#{@where})"
    end

    def node
      @run.node
    end

    def action(*actions)
      actions = actions.flatten
      bad = actions.reject { |a| a.is_a?(Symbol) && @spec[:actions].include?(a) }
      raise EvalError, "#{self}: unknown action #{bad.first.inspect}" unless bad.empty? && !actions.empty?

      @actions = actions
    end

    def notifies(action, target, timing = :delayed)
      raise EvalError, "#{self}: notifies needs a Symbol action" unless action.is_a?(Symbol)
      raise EvalError, "#{self}: notifies needs a 'type[name]' String, got #{target.inspect}" unless target.is_a?(String)

      @notifications << { action: action, target: target, timing: timing }
    end

    def only_if(command = nil, &block)
      eval_guard('only_if', command, block)
    end

    def not_if(command = nil, &block)
      eval_guard('not_if', command, block)
    end

    def verify(command = nil, &block)
      eval_file_type!('verify')
      raise EvalError, "#{self}: verify needs a command or a block" if command.nil? && block.nil?

      (@properties['verify'] ||= []) << (block || command)
    end

    def rights(permissions, principals, options = {})
      eval_file_type!('rights')
      @rights << { 'permissions' => permissions.to_s, 'principals' => Array(principals), 'options' => options }
    end

    def variables(values = nil)
      raise EvalError, "#{self}: variables is a template property" unless @resource_type == 'template'
      raise EvalError, "#{self}: variables takes a Hash" unless values.is_a?(Hash)

      @properties['variables'] = values
    end

    def block(&code)
      raise EvalError, "#{self}: block is a ruby_block property" unless @resource_type == 'ruby_block' && code

      @properties['block'] = code
    end

    def method_missing(name, *args, &block)
      property = name.to_s
      return super unless (@spec[:props] + COMMON_PROPS).include?(property) && block.nil?
      return @properties[property] if args.empty?
      raise EvalError, "#{self}: #{property} takes one value" unless args.length == 1

      @properties[property] = args.first
    end

    def respond_to_missing?(name, include_private = false)
      (@spec[:props] + COMMON_PROPS).include?(name.to_s) || super
    end

    # Runs block guards and, for a ruby_block whose guards pass, its block.
    def converge
      results = @guards.map do |guard|
        next nil unless guard['block']

        outcome = guard['block'].call ? true : false
        guard['kind'] == 'only_if' ? outcome : !outcome
      end
      runs = results.include?(nil) ? nil : results.all?
      ran = runs == true && @resource_type == 'ruby_block' && @actions.include?(:run)
      @properties['block'].call if ran
      @converged = { 'guards_pass' => runs, 'ran' => ran }
    end

    def to_h
      out = {
        'type' => @resource_type, 'name' => @name, 'declared_at' => @where,
        'actions' => @actions.map(&:to_s),
        'properties' => @properties.to_h { |k, v| [k, ChefEval.plain(v)] },
        'rights' => @rights.map { |r| ChefEval.plain(r) },
        'guards' => @guards.map { |g| g.reject { |k, _| k == 'block' }.merge('block' => !g['block'].nil?) },
        'notifications' => @notifications.map { |n| n.transform_keys(&:to_s).transform_values(&:to_s) }
      }
      out['path'] = @properties['path'] || @name if FILE_TYPES.include?(@resource_type)
      out['sensitive'] = @properties['sensitive'] == true
      out['converge'] = @converged if @converged
      out.merge(eval_content)
    end

    private

    def eval_guard(kind, command, block)
      raise EvalError, "#{self}: #{kind} needs a command or a block, not both" if command.nil? == block.nil?

      @guards << { 'kind' => kind, 'command' => command, 'block' => block }
    end

    def eval_file_type!(what)
      raise EvalError, "#{self}: #{what} is a file or directory property" unless FILE_TYPES.include?(@resource_type)
    end

    def eval_content
      return {} unless CONTENT_TYPES.include?(@resource_type)

      data =
        case @resource_type
        when 'file' then @properties['content']
        when 'cookbook_file' then File.binread(@run.file_source(eval_source!))
        else eval_render_template
        end
      return { 'content_b64' => nil } if data.nil?
      raise EvalError, "#{self}: content must be a String, got #{data.class}" unless data.is_a?(String)

      bytes = data.b
      { 'content_b64' => Base64.strict_encode64(bytes), 'content_sha256' => Digest::SHA256.hexdigest(bytes) }
    end

    def eval_source!
      source = @properties['source']
      raise EvalError, "#{self}: no source (the default from the path is not modelled)" if source.nil?
      raise EvalError, "#{self}: source from another cookbook is not modelled" if @properties['cookbook']

      source
    end

    # As Chef::Mixin::Template: Erubis over a context holding the variables; on a
    # Windows node Chef then writes CRLF line endings.
    def eval_render_template
      path = @run.template_source(eval_source!)
      context = TemplateContext.new(@properties['variables'] || {}, node)
      output = Erubis::Eruby.new(File.read(path), filename: path).evaluate(context)
      node['platform_family'] == 'windows' ? output.gsub(/\r?\n/, "\r\n") : output
    end
  end

  # A value as JSON can carry it: blocks as "<block>", symbols as strings.
  def self.plain(value)
    case value
    when Proc then '<block>'
    when Symbol then value.to_s
    when Array then value.map { |v| plain(v) }
    when Hash then value.to_h { |k, v| [k.to_s, plain(v)] }
    else value
    end
  end
end
